"""The ontology's HTML documentation (pyLODE): complete, titled, deterministic, offline and quiet."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.core import settings
from kg.export.ontodoc import ontology_html

TERM_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)

# Generates the page in a fresh process (where pyLODE is imported for the first time), writes it to
# argv[1], and prints the root logger's state, which generating must leave untouched.
GENERATE = """
import logging, sys
from pathlib import Path
from kg.export.ontodoc import ontology_html
before = (logging.getLogger().level, len(logging.getLogger().handlers))
Path(sys.argv[1]).write_bytes(ontology_html(Path(sys.argv[2])))
print(before == (logging.getLogger().level, len(logging.getLogger().handlers)))
"""


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(settings.ontology_file(), format="turtle")


@pytest.fixture(scope="module")
def page() -> str:
    return ontology_html(settings.ontology_file()).decode("utf-8")


def text(value: object) -> str:
    return html.escape(str(value), quote=False)


def test_every_class_and_property_is_documented_with_its_iri_and_label(ontology: rdflib.Graph, page: str) -> None:
    terms = {t for kind in TERM_TYPES for t in ontology.subjects(RDF.type, kind) if isinstance(t, rdflib.URIRef)}
    assert sum(1 for t in terms if t.startswith(settings.ONTOLOGY_NS)) > 100
    missing = [str(t) for t in terms if f"<code>{t}</code>" not in page]
    assert not missing
    unlabelled = [
        (str(t), str(label)) for t in terms for label in ontology.objects(t, RDFS.label) if text(label) not in page
    ]
    assert not unlabelled


def test_the_title_is_the_ontologys_own(ontology: rdflib.Graph, page: str) -> None:
    # pyLODE would take a concept scheme's title (the file has several); kg/export/ontodoc.py prevents it.
    title = ontology.value(rdflib.URIRef(settings.ONTOLOGY_IRI), DCTERMS.title)
    assert title is not None
    assert re.findall(r"<title>(.*?)</title>", page) == [text(title)]
    assert re.findall(r"<h1>(.*?)</h1>", page) == [text(title)]
    metadata = page[page.index('id="metadata"') : page.index("<h2>Classes</h2>")]
    assert f"<code>{settings.ONTOLOGY_IRI}</code>" in metadata


def test_the_schema_org_block_is_sorted_json_ld(page: str) -> None:
    block = re.search(r'<script id="schema.org" type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    nodes = json.loads(block.group(1))
    assert [n["@id"] for n in nodes] == [settings.ONTOLOGY_IRI]


def test_union_members_come_in_a_fixed_order(tmp_path: Path) -> None:
    ontology = tmp_path / "tiny.ttl"
    ontology.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> . @prefix : <urn:x:> .\n"
        '<urn:x> a owl:Ontology ; dcterms:title "tiny" .\n'
        ':A a owl:Class ; rdfs:label "alpha" . :B a owl:Class ; rdfs:label "beta" .\n'
        ':C a owl:Class ; rdfs:label "gamma" .\n'
        ':U a owl:Class ; rdfs:label "either" ; owl:equivalentClass [ a owl:Class ; owl:unionOf ( :C :A :B ) ] .\n',
        encoding="utf-8",
    )
    page = ontology_html(ontology).decode("utf-8")
    entity = page[page.index('id="either"') :]
    links = re.findall(r'<a href="#(\w+)">\w+</a>|class="cardinality">(or)<', entity[: entity.index("</table>")])
    # Given as ( C A B ): pyLODE's own order would be whatever its set gives.
    assert ["".join(link) for link in links] == ["alpha", "or", "beta", "or", "gamma"]


def test_byte_identical_across_processes_and_hash_seeds_and_leaves_logging_alone(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"ontology-{seed}.html"
        done = subprocess.run(
            [sys.executable, "-c", GENERATE, str(out), str(settings.ontology_file())],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "True", "the root logger is as it was"
        assert done.stderr == "", "pyLODE's log lines stay out of igkg's stderr"
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert ontology_html(settings.ontology_file()).decode("utf-8") == page
    # The page loads nothing either: styles are inline and there are no external scripts or stylesheets.
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    assert not re.search(r'<link[^>]*href="(?!data:)', page)
