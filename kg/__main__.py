"""``python -m kg`` runs the igkg command line."""

from kg.cli import cli

cli()
