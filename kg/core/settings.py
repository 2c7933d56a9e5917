"""Where igkg finds its resources and writes its outputs.

Resources (ontology, shapes, queries, curated data) live in the repository at top level
(DESIGN.md, "Layout"). An installed wheel carries copies under ``kg/_share`` (see
pyproject.toml); a checkout or editable install reads the top-level folders directly.
Environment variables (prefix ``IGKG_``) override the defaults; tests point them at tmp dirs.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # kg/, this file being kg/core/settings.py
_SHARE = PACKAGE_DIR / "_share"
_REPO = PACKAGE_DIR.parent

#: Namespaces fixed by DESIGN.md ("Identifiers").
ONTOLOGY_NS = "https://w3id.org/igkg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/igkg/ontology"
ID_BASE = "https://w3id.org/igkg/id/"
SOURCE_BASE = "https://w3id.org/igkg/source/"
GRAPH_BASE = "https://w3id.org/igkg/graph/"
#: Graph of the ontology and concept schemes, and of the facts the build derives.
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
DERIVED_GRAPH = GRAPH_BASE + "derived"


def _resource_dir(name: str) -> Path:
    shared = _SHARE / name
    return shared if shared.is_dir() else _REPO / name


def ontology_dir() -> Path:
    return Path(os.environ.get("IGKG_ONTOLOGY_DIR") or _resource_dir("ontology"))


def ontology_file() -> Path:
    return ontology_dir() / "igkg.ttl"


def shapes_dir() -> Path:
    return Path(os.environ.get("IGKG_SHAPES_DIR") or _resource_dir("shapes"))


def queries_dir() -> Path:
    return Path(os.environ.get("IGKG_QUERIES_DIR") or _resource_dir("queries"))


def data_dir() -> Path:
    """The curated data: ``records/*.yaml``, ``sources/`` and ``context.jsonld``."""
    return Path(os.environ.get("IGKG_DATA_DIR") or PACKAGE_DIR / "data")


def records_dir() -> Path:
    return Path(os.environ.get("IGKG_RECORDS_DIR") or data_dir() / "records")


def sources_dir() -> Path:
    return Path(os.environ.get("IGKG_SOURCES_DIR") or data_dir() / "sources")


def transcripts_dir() -> Path:
    """Meeting transcripts with their metadata (``NAME.meta.yaml``) that ``igkg build`` loads
    (kg/meetings/to_quads.py). A missing folder means no transcripts."""
    return Path(os.environ.get("IGKG_TRANSCRIPTS_DIR") or data_dir() / "transcripts")


def context_file() -> Path:
    return data_dir() / "context.jsonld"


def build_dir() -> Path:
    return Path(os.environ.get("IGKG_BUILD_DIR") or "build")


def store_dir() -> Path:
    """The store queries read: ``--store``, else ``IGKG_STORE``, else ``build/store``."""
    env = os.environ.get("IGKG_STORE")
    return Path(env) if env else build_dir() / "store"
