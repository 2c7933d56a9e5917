"""The endpoint's answers on disk, one JSON file per (endpoint, query text), so that a re-run
asks nothing it asked before."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.core.errors import ConfigError
from kg.core.files import write_atomic


def default_cache_dir() -> Path:
    """``$IGKG_CACHE_DIR/wikidata``, else the user's cache folder (``$XDG_CACHE_HOME`` or
    ``~/.cache``) ``/igkg/wikidata``: answers outlive the build folder, which is thrown away."""
    env = os.environ.get("IGKG_CACHE_DIR")
    if env:
        return Path(env) / "wikidata"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "igkg" / "wikidata"


class Cache:
    """One JSON file per (endpoint, query text): ``DIR/ab/abcdef….json`` by SHA-256.

    The file keeps the endpoint and the query beside the answer, so that a person can see what
    was asked; a file that cannot be read counts as absent and is asked again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, endpoint: str, query: str) -> Path:
        digest = hashlib.sha256(f"{endpoint}\n{query}".encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, endpoint: str, query: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self.path(endpoint, query).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("query") != query:
            return None
        answer = entry.get("answer")
        return answer if isinstance(answer, dict) else None

    def put(self, endpoint: str, query: str, answer: dict[str, Any]) -> None:
        entry = {
            "endpoint": endpoint,
            "query": query,
            "asked": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "answer": answer,
        }
        try:
            write_atomic(self.path(endpoint, query), json.dumps(entry, ensure_ascii=False, indent=1).encode())
        except OSError as exc:
            raise ConfigError(f"cannot write the cache at {self.folder}: {exc}") from None
