"""Loaders turn inputs into quads. Each takes plain inputs and returns a QuadSet; none of them
knows about validation, the store or the server (DESIGN.md, "Data flow")."""

from kg.loaders.records import records_to_quads

__all__ = ["records_to_quads"]
