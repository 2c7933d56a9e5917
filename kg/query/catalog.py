"""The catalog of canned queries (``queries/*.rq``) and how parameters become RDF terms.

Each query file starts with a comment header in YAML: ``title``, ``description`` and ``params``
(name -> type, required, default, example, doc). Parameter names follow one convention so that
scripts can rely on it: a thing is ``id`` (its slug), a date is ``as_of`` (ISO date), a second
thing is ``other``. Values are turned into RDF terms here and bound by the engine (pyoxigraph
substitutions, rdflib initBindings); they are never pasted into query text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.core import settings, terms
from kg.core.dates import PartialDate
from kg.core.errors import QueryError
from kg.core.yamlnodes import YamlProblem, YMap, YScalar, parse_yaml

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Query files that are not offered to users: build rules and quality checks.
_INTERNAL_PREFIXES = ("construct-", "check-")
PARAM_TYPES = ("slug", "date", "text", "integer", "endpoint")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    example: str | None = None
    doc: str = ""


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    text: str
    params: dict[str, Param] = field(default_factory=dict)
    #: ``needs: network`` in the header: the query asks another endpoint through SERVICE, which
    #: runs only when the operator allows that endpoint (``--allow-service``).
    federated: bool = False

    def bind(self, values: dict[str, str]) -> dict[str, NamedNode | Literal]:
        """Turn ``--param`` strings into RDF terms, checking names, presence and types."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            known = ", ".join(self.params) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r}; its parameters: {known}")
        bound: dict[str, NamedNode | Literal] = {}
        for param in self.params.values():
            raw = values.get(param.name, param.default)
            if raw is None:
                if param.required:
                    example = f" (for example --param {param.name}={param.example})" if param.example else ""
                    raise QueryError(f"query {self.name!r} needs --param {param.name}=…{example}")
                continue
            bound[param.name] = to_term(param, raw)
        return bound


def to_term(param: Param, raw: str) -> NamedNode | Literal:
    if param.type == "slug":
        if not _SLUG_RE.fullmatch(raw):
            raise QueryError(f"--param {param.name}: {raw!r} is not a slug (like wg-igf-improvements)")
        return terms.thing(raw)
    if param.type == "date":
        try:
            date = PartialDate.parse(raw)
        except ValueError as exc:
            raise QueryError(f"--param {param.name}: {exc}") from None
        if date.datatype != "date":
            raise QueryError(f"--param {param.name}: give a full date YYYY-MM-DD, not {raw!r}")
        return terms.typed(date.text, "date")
    if param.type == "endpoint":
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw):
            raise QueryError(f"--param {param.name}: {raw!r} is not an http(s) address of a SPARQL endpoint")
        return NamedNode(raw)
    if param.type == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise QueryError(f"--param {param.name}: {raw!r} is not a whole number")
        return terms.typed(raw, "integer")
    return Literal(raw)


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(lines)


def _text(node: object, where: str) -> str:
    if not isinstance(node, YScalar):
        raise QueryError(f"{where}: expected text")
    return node.value.strip()


def parse_query_file(path: Path) -> CannedQuery:
    """The query in ``path``, parsed once per version of the file (its mtime and size): a
    long-running process (``igkg serve``, an embedding script) asks for the same query many times,
    and re-parsing its YAML header each time cost ~1 ms per file, ~14 ms per ``run_canned``."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query: {exc.strerror}") from None
    return _parse_query_file(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _parse_query_file(path: Path, _mtime_ns: int, _size: int) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    try:
        header = parse_yaml(_header(text))
    except YamlProblem as exc:
        raise QueryError(f"{path}:{exc.line}: query header: {exc.message}") from None
    if not isinstance(header, YMap):
        raise QueryError(f"{path}: query header must declare title, description and params")
    items = header.items
    for key in ("title", "description"):
        if key not in items:
            raise QueryError(f"{path}: query header lacks {key!r}")
    params: dict[str, Param] = {}
    if "params" in items:
        pnode = items["params"][1]
        if not isinstance(pnode, YMap):
            raise QueryError(f"{path}: 'params' must map names to their declarations")
        for name, (line, decl) in pnode.items.items():
            where = f"{path}:{line}: param {name!r}"
            if not isinstance(decl, YMap):
                raise QueryError(f"{where}: expected type, required, default, example, doc")
            fields = {k: _text(v, where) for k, (_, v) in decl.items.items()}
            ptype = fields.get("type", "text")
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{where}: type must be one of {', '.join(PARAM_TYPES)}")
            params[name] = Param(
                name=name,
                type=ptype,
                required=fields.get("required", "false") == "true",
                default=fields.get("default"),
                example=fields.get("example"),
                doc=fields.get("doc", ""),
            )
    return CannedQuery(
        name=path.stem,
        path=path,
        title=_text(items["title"][1], str(path)),
        description=" ".join(_text(items["description"][1], str(path)).split()),
        text=text,
        params=params,
        federated="needs" in items and _text(items["needs"][1], str(path)) == "network",
    )


def catalog(
    queries_dir: Path | None = None, include_internal: bool = False, include_federated: bool = False
) -> dict[str, CannedQuery]:
    """The canned queries by name, sorted: the ones that answer from igkg's own data. Build rules
    and checks only with ``include_internal``; queries that need the network (SERVICE) only with
    ``include_federated``."""
    directory = queries_dir or settings.queries_dir()
    found = {}
    for path in sorted(directory.glob("*.rq")):
        if not include_internal and path.name.startswith(_INTERNAL_PREFIXES):
            continue
        query = parse_query_file(path)
        if query.federated and not include_federated:
            continue
        found[query.name] = query
    return found


def get(name: str, queries_dir: Path | None = None) -> CannedQuery:
    """The canned query ``name`` (federated ones included). Reads its one file, not the whole
    catalog: a server or script asks for queries many times (``catalog`` stats every file)."""
    path = (queries_dir or settings.queries_dir()) / f"{name}.rq"
    if _SLUG_RE.fullmatch(name) and not name.startswith(_INTERNAL_PREFIXES) and path.is_file():
        return parse_query_file(path)
    known = ", ".join(catalog(queries_dir, include_federated=True))
    raise QueryError(f"unknown query {name!r}; known queries: {known} (see `igkg queries`)")
