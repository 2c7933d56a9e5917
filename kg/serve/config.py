"""What the server is told (:class:`ServeConfig`) and what it learns about the store at start-up
(:class:`Dataset`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.query.safety import MAX_QUERY_BYTES


@dataclass(frozen=True)
class ServeConfig:
    """The operator's settings for one ``igkg serve``."""

    store: Path
    base_url: str = "http://127.0.0.1:8000/"
    deadline: float = 10.0
    row_limit: int = 100_000
    workers: int = 2
    rate: float = 20.0  # requests per second per client; 0 turns rate limiting off
    burst: int = 40
    max_body: int = MAX_QUERY_BYTES
    allowed_services: frozenset[str] = field(default_factory=frozenset)

    @property
    def build_dir(self) -> Path:
        """The build folder the store sits in: dumps, VoID and ontology documentation."""
        return self.store.parent


@dataclass
class Dataset:
    """The store as the server knows it, read once by a worker when the server starts."""

    graphs: frozenset[str]
    slugs: list[str]
    triples: int
    void: bytes = b""
