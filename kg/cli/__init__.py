"""The ``igkg`` command line. Commands are thin: parse options, call one library function,
render the result. Library errors become CLI errors here and only here."""

from kg.cli.main import cli

__all__ = ["cli"]
