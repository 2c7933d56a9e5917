"""The dump writers, streamed: quads in (any order, repeats allowed), bytes out to a file, with
memory bounded by one sort chunk (kg/export/sorting.py) and one subject's triples.

Each writer gives byte for byte what the whole-graph writers gave before issue 18 (kept as the
tests' oracle, tests/export/oracle_dumps.py) and in the same order:

- N-Quads, N-Triples: the distinct lines of pyoxigraph's serialisation, sorted as bytes;
- TriG: the quads by graph, subject, predicate, object (kg/core/quads.py ``_quad_key``), Turtle
  and RDF/XML: the distinct triples by subject, predicate, object, each through one call of
  pyoxigraph's writer, which writes as it reads;
- JSON-LD: rdflib's compaction with the project's context, one subject at a time (rdflib makes
  one top-level node per subject and embeds nothing, so a node depends on its subject's triples
  only), keys and set values sorted, the nodes sorted by ``@id``. Blank nodes are the exception:
  a node that refers to one (an RDF list, an OWL restriction) is compacted together with every
  blank node's triples, which are few (the ontology's; the data has none, kg/core/quads.py).
  This relies on the context declaring no ``@list`` container, which it does not.

Sort records carry the N-Quads line of their quad, so that equal records are equal quads and the
quad is read back by pyoxigraph's parser (a batch at a time) rather than rebuilt in Python.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pyoxigraph import BlankNode, DefaultGraph, Quad, RdfFormat, Triple, parse, serialize

from kg.core.prefixes import PREFIXES
from kg.core.quads import RdflibTerms, _quad_key, _term_key
from kg.export.jsonorder import sort_json
from kg.export.sorting import sorted_unique

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

#: Quads serialised (or lines parsed) per call into pyoxigraph.
_BATCH = 10_000
#: Distinct terms kept converted for rdflib before the cache starts again (bounded memory).
_TERM_CACHE = 200_000


# --- records to sort ----------------------------------------------------------------------------


def _batches(quads: Iterable[Quad | Triple]) -> Iterator[list[Quad]]:
    batch: list[Quad] = []
    for item in quads:
        if isinstance(item, Triple):  # a CONSTRUCT answer: the default graph
            item = Quad(item.subject, item.predicate, item.object, DefaultGraph())
        batch.append(item)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _lines(items: list[Quad] | list[Triple], fmt: RdfFormat) -> list[bytes]:
    """One line per item, in order (pyoxigraph writes one line per quad and escapes newlines)."""
    data = serialize(items, format=fmt)
    assert data is not None  # no output file: the bytes are returned
    return data.splitlines()


def _line_records(quads: Iterable[Quad | Triple], merged: bool) -> Iterator[bytes]:
    fmt = RdfFormat.N_TRIPLES if merged else RdfFormat.N_QUADS
    for batch in _batches(quads):
        items: list[Any] = [q.triple for q in batch] if merged else batch
        yield from _lines(items, fmt)


def _quad_records(quads: Iterable[Quad | Triple]) -> Iterator[tuple[str, str, str, str, bytes]]:
    """(graph, subject, predicate, object keys, N-Quads line): TriG's order."""
    for batch in _batches(quads):
        for quad, line in zip(batch, _lines(batch, RdfFormat.N_QUADS), strict=True):
            yield (*_quad_key(quad), line)


def _triple_records(quads: Iterable[Quad | Triple]) -> Iterator[tuple[str, str, str, bytes]]:
    """(subject, predicate, object keys, N-Triples line): the merged view's order."""
    for batch in _batches(quads):
        triples = [q.triple for q in batch]
        for t, line in zip(triples, _lines(triples, RdfFormat.N_TRIPLES), strict=True):
            yield (_term_key(t.subject), _term_key(t.predicate), _term_key(t.object), line)


def _parsed(lines: Iterable[bytes], fmt: RdfFormat) -> Iterator[Quad]:
    """The quads of sorted lines, in their order, parsed a batch at a time."""
    for batch in _batched(lines, _BATCH):
        yield from parse(b"\n".join(batch), format=fmt)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``itertools.batched`` (Python 3.12), as lists."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# --- the writers --------------------------------------------------------------------------------


# Each writer returns how many distinct statements it wrote (quads, or triples for a merged view),
# so that a build counts the merged triples without a set of them.


def write_nquads(quads: Iterable[Quad | Triple], out: IO[bytes], tmp_dir: Path | None = None) -> int:
    return _write_lines(sorted_unique(_line_records(quads, merged=False), tmp_dir=tmp_dir), out)


def write_ntriples(quads: Iterable[Quad | Triple], out: IO[bytes], tmp_dir: Path | None = None) -> int:
    return _write_lines(sorted_unique(_line_records(quads, merged=True), tmp_dir=tmp_dir), out)


def _write_lines(lines: Iterable[bytes], out: IO[bytes]) -> int:
    count = 0
    for batch in _batched((line for line in lines if line), _BATCH):
        out.write(b"".join(line + b"\n" for line in batch))
        count += len(batch)
    return count


class _Counted:
    """An iterator that counts what passes through it (pyoxigraph's writers return nothing)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = iter(items)
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Any:
        item = next(self.items)
        self.count += 1
        return item


def write_trig(quads: Iterable[Quad | Triple], out: IO[bytes], tmp_dir: Path | None = None) -> int:
    ordered = (r[-1] for r in sorted_unique(_quad_records(quads), tmp_dir=tmp_dir))
    counted = _Counted(_parsed(ordered, RdfFormat.N_QUADS))
    serialize(counted, out, RdfFormat.TRIG, prefixes=PREFIXES)
    return counted.count


def _sorted_triples(quads: Iterable[Quad | Triple], tmp_dir: Path | None) -> Iterator[Triple]:
    ordered = (r[-1] for r in sorted_unique(_triple_records(quads), tmp_dir=tmp_dir))
    return (q.triple for q in _parsed(ordered, RdfFormat.N_TRIPLES))


def write_turtle(quads: Iterable[Quad | Triple], out: IO[bytes], tmp_dir: Path | None = None) -> int:
    counted = _Counted(_sorted_triples(quads, tmp_dir))
    serialize(counted, out, RdfFormat.TURTLE, prefixes=PREFIXES)
    return counted.count


def write_rdfxml(quads: Iterable[Quad | Triple], out: IO[bytes], tmp_dir: Path | None = None) -> int:
    counted = _Counted(_sorted_triples(quads, tmp_dir))
    serialize(counted, out, RdfFormat.RDF_XML, prefixes=PREFIXES)
    return counted.count


def write_jsonld(
    quads: Iterable[Quad | Triple], out: IO[bytes], context: dict[str, object], tmp_dir: Path | None = None
) -> int:
    """The JSON-LD dump: ``{"@context": context, "@graph": nodes}`` as ``json.dumps(indent=1)``
    writes it, the nodes compacted one subject at a time and sorted by ``@id``."""
    triples = _Counted(_sorted_triples(quads, tmp_dir))
    nodes = _Nodes(context)
    records = ((_node_id(n), _node_text(n)) for n in nodes.all(triples))
    # The document around the nodes: what json.dumps writes before and after one item of @graph.
    whole = json.dumps({"@context": context, "@graph": [0]}, indent=1, ensure_ascii=False)
    head, tail = whole.rsplit("\n  0\n", 1)
    empty = True
    for batch in _batched(sorted_unique(records, tmp_dir=tmp_dir), 1000):
        text = ",\n".join(item[1] for item in batch)
        out.write(((head + "\n" if empty else ",\n") + text).encode("utf-8"))
        empty = False
    if empty:
        out.write((json.dumps({"@context": context, "@graph": []}, indent=1, ensure_ascii=False) + "\n").encode())
    else:
        out.write(("\n" + tail + "\n").encode("utf-8"))
    return triples.count


def _node_id(node: dict[str, Any]) -> str:
    return str(node.get("@id", ""))


def _node_text(node: dict[str, Any]) -> str:
    """A node as it stands in ``@graph`` (two levels deep) in ``json.dumps(doc, indent=1)``:
    JSON strings hold no raw newline, so indenting every line is exact."""
    return "\n".join("  " + line for line in json.dumps(node, indent=1, ensure_ascii=False).splitlines())


class _Nodes:
    """rdflib's JSON-LD compaction (its ``Converter``, as ``Graph.serialize(format="json-ld",
    context=..., auto_compact=True)`` runs it), applied one subject at a time."""

    def __init__(self, context: dict[str, object]) -> None:
        from rdflib.plugins.serializers.jsonld import Converter
        from rdflib.plugins.shared.jsonld.context import Context

        # The arguments Graph.serialize passes (use_native_types arrives as a one-item tuple).
        self.converter = Converter(Context(context, base=None), (False,), False)  # type: ignore[arg-type]
        self.terms = RdflibTerms()

    def all(self, triples: Iterable[Triple]) -> Iterator[dict[str, Any]]:
        import rdflib

        linked = rdflib.Graph()  # every subject that is or refers to a blank node: compacted last
        for _, group in itertools.groupby(triples, key=lambda t: t.subject):
            own = list(group)
            if any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in own):
                for t in own:
                    linked.add(self._rdflib(t))
                continue
            yield from self._converted(_SubjectGraph([self._rdflib(t) for t in own]))
        if len(linked):
            yield from self._converted(linked)

    def _rdflib(self, t: Triple) -> tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]:
        if len(self.terms) > _TERM_CACHE:
            self.terms.clear()
        convert = self.terms.__getitem__
        return (convert(t.subject), convert(t.predicate), convert(t.object))

    def _converted(self, graph: rdflib.Graph | _SubjectGraph) -> Iterator[dict[str, Any]]:
        for node in self.converter.from_graph(graph):  # type: ignore[arg-type]  # _SubjectGraph: duck-typed
            # Through JSON text and back, as the whole-graph writer read rdflib's output: the
            # same plain values (an rdflib Literal becomes its string).
            plain = json.loads(json.dumps(node, ensure_ascii=False))
            sorted_node = sort_json(plain)
            assert isinstance(sorted_node, dict)
            yield sorted_node


class _SubjectGraph:
    """One subject's triples, with the lookups rdflib's ``Converter`` makes of a graph
    (``subjects``, ``predicate_objects``, ``value``; no blank nodes here, so no list to follow):
    an rdflib ``Graph`` per subject spent half of the JSON-LD export indexing triples that are
    read once. The tests compare the output with rdflib's whole-graph compaction."""

    def __init__(self, triples: list[tuple[Any, Any, Any]]) -> None:
        self.subject = triples[0][0]
        self.pairs = [(p, o) for _, p, o in triples]
        self.first: dict[Any, Any] = {}
        for p, o in reversed(self.pairs):  # the first object of each predicate
            self.first[p] = o

    def subjects(self, predicate: Any = None, obj: Any = None) -> Iterator[Any]:
        if any((predicate is None or p == predicate) and (obj is None or o == obj) for p, o in self.pairs):
            yield self.subject

    def predicate_objects(self, subject: Any) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs) if subject == self.subject else iter(())

    def value(self, subject: Any, predicate: Any) -> Any:
        return self.first.get(predicate) if subject == self.subject else None
