"""Wikidata reconciliation: candidate Wikidata items for igkg's bodies, people and instruments.

For each thing in the built store the client asks a SPARQL endpoint (Wikidata's query service,
or any store holding Wikidata-shaped triples) three small questions:

1. which items carry one of the thing's names as an English label or alias (an exact-literal
   lookup, which the query service answers from its index; a ``FILTER(LCASE(...))`` would scan
   every label, so case variants are generated here and compared after normalisation);
2. for an instrument with a document symbol, which items carry it as UN document symbol (P3069);
3. for the items found, their English labels, aliases, description and the few statements the
   score reads (symbol, dates, and statements that show what kind of thing an item is).

Each candidate gets a score in [0, 1] (:func:`score`) and the ones above a threshold become
proposals in the SSSOM proposals table, for a person to accept or reject (``igkg link review``).
A (subject, predicate, object) that the reviewed table already holds, accepted or rejected, is
never proposed again.

Politeness, as the query service's maintainers ask (User-Agent policy; throttling by User-Agent
and address; "when receiving an HTTP 429 response, stop for the duration of the Retry-After
header or for 1 minute"): a descriptive User-Agent, one request at a time, at most one request
per ``delay`` seconds, and 429/503 answered by waiting. Every answer is cached on disk, one JSON
file per (endpoint, query text), so that a re-run asks nothing it asked before.

Wikidata numbers: only properties listed in the verified table of the project's reference notes
(``vocabularies-and-anchors.md`` §1.8) are built in. ``instance of`` and the class items
(human, organization, UN resolution) are not in that table, so the class check is off unless the
user names the property and the classes (:class:`TypeCheck`); without it, the kind of an item is
read from verified properties that only one kind of thing carries (:data:`SIGNALS`).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import math
import os
import re
import time
import unicodedata
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pyoxigraph import Literal
from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.core import settings
from kg.core.errors import ConfigError, KGError
from kg.core.files import write_atomic
from kg.core.version import __version__
from kg.engines.store import View
from kg.records.mappings import Mapping, MappingTable, compress, default_metadata, read_table

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
PROJECT_URL = "https://w3id.org/igkg"
USER_AGENT = f"igkg/{__version__} ({PROJECT_URL}; igkg link wikidata)"
KINDS = ("bodies", "people", "instruments")
AUTHOR = "igkgagent:igkg-link"
PREDICATE = "skos:exactMatch"
ENTITY = "http://www.wikidata.org/entity/"
DIRECT = "http://www.wikidata.org/prop/direct/"
PAGE = "https://www.wikidata.org/wiki/"

#: UN document symbol; inception; publication date (vocabularies-and-anchors.md §1.8).
P_SYMBOL, P_INCEPTION, P_PUBLISHED = "P3069", "P571", "P577"
#: Verified properties (§1.8) that, in practice, only one kind of thing carries: an item with
#: one of them is taken to be of that kind. Properties shared by kinds (member of, part of,
#: inception, title) are left out on purpose.
SIGNALS: dict[str, tuple[str, ...]] = {
    "bodies": ("P749", "P355", "P488", "P112", "P576", "P2388", "P2124"),
    "people": ("P39",),
    "instruments": ("P3069", "P577", "P2378", "P790", "P467"),
}
#: The date of a thing and the Wikidata property it is compared with.
DATE_PROPERTY = {"bodies": P_INCEPTION, "instruments": P_PUBLISHED}

#: Score weights: each piece of evidence alone gives its weight; several combine as a noisy OR
#: (1 - the product of what each leaves unexplained), so the score stays in [0, 1) and more
#: evidence never lowers it. Conflicts multiply the score by a penalty.
WEIGHTS = {"symbol": 0.85, "label": 0.6, "alias": 0.4, "type": 0.2, "date": 0.3}
PENALTIES = {"symbol": 0.3, "type": 0.4, "date": 0.6}
DEFAULT_MIN_SCORE = 0.3
#: At most this many candidate items per lookup (a common name can match hundreds).
MAX_CANDIDATES = 25
_QID = re.compile(r"^Q[1-9][0-9]*$")
_PID = re.compile(r"^P[1-9][0-9]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


class EndpointError(KGError):
    """The SPARQL endpoint cannot be reached, refuses a query, or answers something unreadable."""


# ---------------------------------------------------------------------------
# The things to reconcile
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Thing:
    """An igkg thing with what the lookup and the score use."""

    iri: str
    kind: str
    label: str
    alt_labels: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    date: str | None = None

    @property
    def curie(self) -> str:
        return compress(self.iri) or self.iri

    def names(self) -> list[str]:
        """The label first, then the alternative labels, each once."""
        return list(dict.fromkeys([self.label, *self.alt_labels]))


_KIND_CLASS = {"bodies": "Body", "people": "Person", "instruments": "Instrument"}
_DATE_FIELD = {"bodies": "established", "instruments": "adopted"}


def read_things(view: View, kinds: Iterable[str] = KINDS) -> list[Thing]:
    """Bodies, people and instruments (every subclass) with their labels, symbols and dates,
    sorted by kind and IRI so that runs and ``--limit`` are repeatable."""
    ns = settings.ONTOLOGY_NS
    wanted = [k for k in KINDS if k in set(kinds)]
    things: list[Thing] = []
    for kind in wanted:
        rows = view.query(
            f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?thing ?label WHERE {{
  ?thing a ?class . ?class rdfs:subClassOf* <{ns}{_KIND_CLASS[kind]}> .
  ?thing rdfs:label ?label .
}}"""
        ).dicts()
        labels: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: (r["thing"], r["label"])):
            labels.setdefault(row["thing"], row["label"])
        alts = _values(view, "http://www.w3.org/2004/02/skos/core#altLabel", labels)
        symbols = _values(view, f"{ns}symbol", labels) if kind == "instruments" else {}
        dates = _values(view, f"{ns}{_DATE_FIELD[kind]}", labels) if kind in _DATE_FIELD else {}
        for iri in sorted(labels):
            things.append(
                Thing(
                    iri=iri,
                    kind=kind,
                    label=labels[iri],
                    alt_labels=tuple(a for a in alts.get(iri, ()) if a != labels[iri]),
                    symbols=tuple(symbols.get(iri, ())),
                    date=min(dates[iri]) if dates.get(iri) else None,
                )
            )
    return things


def _values(view: View, predicate: str, things: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in view.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o }}").dicts():
        if row["s"] in things:
            out.setdefault(row["s"], []).append(row["o"])
    return {k: sorted(v) for k, v in out.items()}


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """A name as compared: Unicode-normalised, case-folded, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_symbol(text: str) -> str:
    """A document symbol as compared: upper case, without spaces (``A/RES/65/141``)."""
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


def variants(name: str) -> list[str]:
    """The spellings looked up for a name: as written, lower case, sentence case, title case.

    The endpoint matches literals exactly; these cover the usual differences in capitalisation
    between igkg's labels and Wikidata's, and the score compares normalised names anyway.
    """
    name = " ".join(name.split())
    if not name:
        return []
    sentence = name[0].upper() + name[1:].lower()
    return list(dict.fromkeys([name, name.lower(), sentence, name.title()]))


def _literal(text: str, language: str | None = None) -> str:
    return str(Literal(text, language=language))  # escaped as SPARQL needs it


def lookup_query(thing: Thing, language: str = "en") -> str:
    """Items whose label or alias in ``language`` is one of the thing's names (exact literals)."""
    values = " ".join(_literal(v, language) for name in thing.names() for v in variants(name))
    return (
        PREFIXES
        + f"""SELECT DISTINCT ?item WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name }} UNION {{ ?item skos:altLabel ?name }}
}}
ORDER BY ?item
LIMIT {MAX_CANDIDATES * 2}"""
    )


def symbol_query(thing: Thing) -> str | None:
    """Items that carry one of the thing's symbols as UN document symbol (P3069), or None."""
    if not thing.symbols:
        return None
    values = " ".join(_literal(s) for s in thing.symbols)
    return (
        PREFIXES
        + f"""SELECT DISTINCT ?item WHERE {{
  VALUES ?symbol {{ {values} }}
  ?item wdt:{P_SYMBOL} ?symbol .
}}
ORDER BY ?item
LIMIT {MAX_CANDIDATES}"""
    )


def details_query(qids: Iterable[str], class_property: str | None = None, language: str = "en") -> str:
    """Labels, aliases, description and the statements :func:`score` reads, for some items.

    One row per value (no cross product of optional values), so an item with many statements
    costs as many rows as it has values.
    """
    items = " ".join(f"wd:{q}" for q in sorted(set(qids)))
    properties = sorted({P_SYMBOL, P_INCEPTION, P_PUBLISHED, *(p for ps in SIGNALS.values() for p in ps)})
    if class_property:
        properties.append(class_property)
    pairs = " ".join(f'(wdt:{p} "{p}")' for p in properties)
    lang = _literal(language)
    return (
        PREFIXES
        + f"""SELECT ?item ?key ?value WHERE {{
  VALUES ?item {{ {items} }}
  {{ ?item rdfs:label ?value . FILTER(LANG(?value) = {lang}) BIND("label" AS ?key) }}
  UNION {{ ?item skos:altLabel ?value . FILTER(LANG(?value) = {lang}) BIND("alias" AS ?key) }}
  UNION {{ ?item schema:description ?value . FILTER(LANG(?value) = {lang}) BIND("description" AS ?key) }}
  UNION {{ VALUES (?property ?key) {{ {pairs} }} ?item ?property ?value . }}
}}
LIMIT 10000"""
    )


def qids_of(bindings: list[dict[str, Any]], variable: str = "item") -> list[str]:
    """The Wikidata items (``Q…``) among a result's values, in order, each once."""
    out: list[str] = []
    for row in bindings:
        value = row.get(variable, {})
        iri = value.get("value", "") if value.get("type") == "uri" else ""
        qid = iri[len(ENTITY) :] if iri.startswith(ENTITY) else ""
        if _QID.match(qid) and qid not in out:
            out.append(qid)
    return out


# ---------------------------------------------------------------------------
# Items and the score
# ---------------------------------------------------------------------------


@dataclass
class Item:
    """A Wikidata item as the details query shows it."""

    qid: str
    labels: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    statements: dict[str, list[str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.qid

    @property
    def page(self) -> str:
        return PAGE + self.qid


def parse_details(bindings: list[dict[str, Any]]) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for row in bindings:
        (qid,) = qids_of([row]) or (None,)
        key = row.get("key", {}).get("value", "")
        value = row.get("value", {})
        text = value.get("value", "")
        if qid is None or not key:
            continue
        if value.get("type") == "uri":
            text = text[len(ENTITY) :] if text.startswith(ENTITY) else text
        item = items.setdefault(qid, Item(qid))
        if key == "label":
            item.labels.append(text)
        elif key == "alias":
            item.aliases.append(text)
        elif key == "description":
            item.description = item.description or text
        else:
            item.statements.setdefault(key, []).append(text)
    for item in items.values():
        item.labels.sort()
        item.aliases.sort()
        for values in item.statements.values():
            values.sort()
    return items


@dataclass(frozen=True)
class TypeCheck:
    """An optional class check: the property that gives an item's classes (``instance of``) and,
    per kind, the class items that fit it. Off by default: neither the property nor the classes
    are in the verified table, so the user names them (``--class-property``, ``--type-class``)."""

    class_property: str | None = None
    classes: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.class_property is not None and not _PID.match(self.class_property):
            raise ConfigError(f"--class-property {self.class_property!r}: give a property number such as P123")
        for kind, qids in self.classes.items():
            if kind not in KINDS:
                raise ConfigError(f"--type-class {kind}=…: the kind must be one of {', '.join(KINDS)}")
            for qid in qids:
                if not _QID.match(qid):
                    raise ConfigError(f"--type-class {kind}={qid}: give an item number such as Q123")
        if self.classes and not self.class_property:
            raise ConfigError("--type-class needs --class-property (the property that gives an item's classes)")

    @property
    def active(self) -> bool:
        return bool(self.class_property and self.classes)


def type_fit(kind: str, item: Item, check: TypeCheck | None = None) -> tuple[int, str]:
    """+1 when the item is shown to be of the thing's kind, -1 when it is shown to be of another
    kind (and not of this one), 0 when nothing shows either; with the reason."""
    if check is not None and check.active and check.class_property:
        classes = set(item.statements.get(check.class_property, ()))
        own = classes & check.classes.get(kind, frozenset())
        if own:
            return 1, f"class {min(own)} ({check.class_property})"
        other = {q for k, qs in check.classes.items() if k != kind for q in qs} & classes
        if other:
            return -1, f"type conflicts: class {min(other)} ({check.class_property})"
    own_signals = [p for p in SIGNALS[kind] if p in item.statements]
    if own_signals:
        return 1, f"type fits ({', '.join(own_signals[:2])})"
    other_signals = [p for k, ps in SIGNALS.items() if k != kind for p in ps if p in item.statements]
    if other_signals:
        return -1, f"type conflicts ({', '.join(other_signals[:2])})"
    return 0, ""


def _precision(date: str) -> tuple[str, ...] | None:
    """A date's parts (year, month, day) as far as they are given."""
    match = _DATE.match(date)
    return tuple(p for p in match.groups() if p) if match else None


def _wikidata_precision(value: str) -> tuple[str, ...] | None:
    """The parts of a Wikidata time value that are likely meant.

    The truthy ``wdt:`` value is a full dateTime even for a year (``2006-01-01T00:00:00Z``); the
    precision is only in the full statement. So 1 January reads as a year and a 1st of the month
    as a month: a date agrees when it agrees at the coarser of the two precisions.
    """
    parts = _precision(value)
    if parts is None or len(parts) < 3:
        return parts
    year, month, day = parts
    if (month, day) == ("01", "01"):
        return (year,)
    if day == "01":
        return (year, month)
    return parts


def date_fit(thing: Thing, item: Item) -> tuple[int, str]:
    """+1 when one of the item's dates agrees with the thing's, -1 when all disagree, 0 when
    either has none."""
    prop = DATE_PROPERTY.get(thing.kind)
    ours = _precision(thing.date) if thing.date else None
    values = item.statements.get(prop, []) if prop else []
    if not ours or not values:
        return 0, ""
    for value in values:
        theirs = _wikidata_precision(value)
        if theirs is None:
            continue
        n = min(len(ours), len(theirs))
        if ours[:n] == theirs[:n]:
            return 1, f"date agrees ({prop} {'-'.join(theirs)})"
    return -1, f"date differs ({prop} {values[0][:10]} vs {thing.date})"


def symbol_fit(thing: Thing, item: Item) -> tuple[int, str]:
    ours = {normalise_symbol(s) for s in thing.symbols}
    theirs = item.statements.get(P_SYMBOL, [])
    if not ours or not theirs:
        return 0, ""
    same = [s for s in theirs if normalise_symbol(s) in ours]
    if same:
        return 1, f"symbol {same[0]} ({P_SYMBOL})"
    return -1, f"symbol differs ({P_SYMBOL} {theirs[0]})"


def name_fit(thing: Thing, item: Item) -> tuple[str | None, str]:
    """``label`` when the thing's label is the item's English label, ``alias`` when any other
    pair of names agrees (an alternative label, or the item's alias), None otherwise."""
    wd_labels = {normalise(x) for x in item.labels}
    wd_names = wd_labels | {normalise(x) for x in item.aliases}
    if normalise(thing.label) in wd_labels:
        return "label", "label exact"
    for name in thing.names():
        if normalise(name) in wd_names:
            return "alias", f"alias match ({name})"
    return None, ""


@dataclass(frozen=True)
class Candidate:
    thing: Thing
    item: Item
    score: float
    reasons: tuple[str, ...]
    composite: bool

    def mapping(self) -> Mapping:
        return Mapping(
            subject_id=self.thing.curie,
            subject_label=self.thing.label,
            predicate_id=PREDICATE,
            object_id=f"wikidata:{self.item.qid}",
            object_label=self.item.label,
            mapping_justification="semapv:CompositeMatching" if self.composite else "semapv:LexicalMatching",
            confidence=f"{self.score:.3f}",
            author_id=AUTHOR,
            see_also=self.item.page,
            comment=comment(self.reasons),
        )


def comment(reasons: Iterable[str], max_words: int = 25) -> str:
    """Why a candidate scored, in at most ``max_words`` words (the table's limit for a comment)."""
    out: list[str] = []
    for reason in reasons:
        if len(" ".join([*out, reason]).split()) > max_words:
            break
        out.append(reason)
    return "; ".join(out)


def score(thing: Thing, item: Item, check: TypeCheck | None = None) -> Candidate:
    """The candidate's score in [0, 1], from the evidence (see :data:`WEIGHTS`, :data:`PENALTIES`).

    Without a penalty: an exact label alone 0.6, an alias 0.4; a fitting type adds evidence
    (label + type 0.68), as does an agreeing date (label + type + date 0.776). A symbol match
    gives 0.88 (P3069 also shows a document), 0.916 with an agreeing date.
    """
    name, name_reason = name_fit(thing, item)
    fits = {
        "symbol": symbol_fit(thing, item),
        "type": type_fit(thing.kind, item, check),
        "date": date_fit(thing, item),
    }
    found_by = [name] if name else []
    if fits["symbol"][0] > 0:
        found_by.append("symbol")
    support = [key for key in ("type", "date") if fits[key][0] > 0]
    unexplained = math.prod(1 - WEIGHTS[key] for key in found_by + support)
    penalty = math.prod(PENALTIES[key] for key, (fit, _) in fits.items() if fit < 0)
    # Type and date only support a match by name or symbol; alone they prove nothing.
    value = round((1 - unexplained) * penalty, 3) if found_by else 0.0
    reasons = [fits["symbol"][1], name_reason, fits["type"][1], fits["date"][1]]
    composite = any(fit for fit, _ in fits.values())
    return Candidate(thing, item, value, tuple(r for r in reasons if r), composite)


# ---------------------------------------------------------------------------
# The cache and the client
# ---------------------------------------------------------------------------


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
        if not isinstance(entry, dict) or entry.get("query") != query or not isinstance(entry.get("answer"), dict):
            return None
        return entry["answer"]

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


class Throttle:
    """At most one request per ``delay`` seconds, counted from the start of the previous one."""

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            left = self._last + self.delay - self.clock()
            if left > 0:
                self.sleep(left)
        self._last = self.clock()


def retry_after(value: str | None, default: float, now: datetime | None = None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), else ``default``."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def check_endpoint(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"--endpoint {url!r}: give the http(s) address of a SPARQL endpoint, e.g. {DEFAULT_ENDPOINT}")
    return url


class Client:
    """Cached, throttled SELECT queries to one endpoint through SPARQLWrapper.

    ``requests`` counts the requests sent (retries included), ``cache_hits`` the answers read
    from the cache. 429 and 503 are retried ``retries`` times after the wait the endpoint asks
    for (Retry-After) or ``fallback_wait`` seconds; a wait longer than ``max_wait`` stops the run
    instead (what was answered is cached, so a later re-run continues).
    """

    def __init__(
        self,
        endpoint: str,
        cache: Cache | None,
        delay: float = 1.0,
        timeout: float = 60.0,
        retries: int = 3,
        user_agent: str = USER_AGENT,
        fallback_wait: float = 60.0,
        max_wait: float = 600.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.cache = cache
        self.timeout = timeout
        self.retries = retries
        self.user_agent = user_agent
        self.fallback_wait = fallback_wait
        self.max_wait = max_wait
        self.sleep = sleep
        self.throttle = Throttle(delay, clock, sleep)
        self.requests = 0
        self.cache_hits = 0

    def select(self, query: str) -> list[dict[str, Any]]:
        """The bindings of a SELECT query: from the cache, else from the endpoint (then cached)."""
        answer = self.cache.get(self.endpoint, query) if self.cache else None
        if answer is not None:
            self.cache_hits += 1
        else:
            answer = self._ask(query)
            if self.cache:
                self.cache.put(self.endpoint, query, answer)
        bindings = answer.get("results", {}).get("bindings", [])
        return bindings if isinstance(bindings, list) else []

    def _wrapper(self, query: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        client.setOnlyConneg(True)  # Accept header only: no format=json parameter in the URL
        client.setQuery(query)
        client.queryType = "SELECT"
        # GET lets the query service's HTTP cache answer; long queries go by POST (URL limits).
        client.setMethod(GET if len(urllib.parse.quote(query)) < 1800 else POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        return client

    def _ask(self, query: str) -> dict[str, Any]:
        attempt = 0
        while True:
            self.throttle.wait()
            self.requests += 1
            try:
                data = self._wrapper(query).query().response.read()
            except urllib.error.HTTPError as exc:
                if exc.code not in (429, 503) or attempt >= self.retries:
                    raise EndpointError(self._refusal(exc.code, exc.reason)) from None
                wait = retry_after(exc.headers.get("Retry-After") if exc.headers else None, self.fallback_wait)
                if wait > self.max_wait:
                    raise EndpointError(
                        f"SPARQL endpoint {self.endpoint} asks to wait {wait:.0f} s (HTTP {exc.code}); "
                        "answers so far are cached: re-run later to continue"
                    ) from None
                attempt += 1
                self.sleep(wait)
                continue
            except QueryBadFormed as exc:
                raise EndpointError(
                    f"SPARQL endpoint {self.endpoint} refused a query as malformed: {_first(exc)}"
                ) from None
            except SPARQLWrapperException as exc:
                raise EndpointError(f"SPARQL endpoint {self.endpoint}: {_first(exc)}") from None
            except (urllib.error.URLError, OSError, ValueError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, TimeoutError):
                    raise EndpointError(
                        f"SPARQL endpoint {self.endpoint} did not answer within {self.timeout:.0f} s (--timeout); "
                        "answers so far are cached"
                    ) from None
                raise EndpointError(
                    f"cannot reach the SPARQL endpoint {self.endpoint}: {reason} "
                    "(check --endpoint; answers so far are cached)"
                ) from None
            return self._decode(data)

    def _refusal(self, code: int, reason: object) -> str:
        hint = {
            403: "the service may refuse this User-Agent or address",
            429: "too many requests: wait, then re-run (answers so far are cached), or raise --delay",
            503: "the service is unavailable or overloaded: re-run later (answers so far are cached)",
        }.get(code, "")
        return f"SPARQL endpoint {self.endpoint} answered HTTP {code} {reason}" + (f": {hint}" if hint else "")

    def _decode(self, data: bytes) -> dict[str, Any]:
        try:
            body = json.loads(data)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("results"), dict):
            raise EndpointError(f"SPARQL endpoint {self.endpoint} did not answer SPARQL JSON results")
        return body


def _first(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


# ---------------------------------------------------------------------------
# Reconciliation and the proposals table
# ---------------------------------------------------------------------------


@dataclass
class KindCount:
    things: int = 0
    candidates: int = 0
    proposed: int = 0


@dataclass
class Report:
    endpoint: str
    kinds: dict[str, KindCount]
    candidates: list[Candidate]
    requests: int = 0
    cache_hits: int = 0
    written: int = 0
    new: int = 0
    skipped_reviewed: int = 0
    out: str = ""
    cache: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "kinds": {k: vars(c) for k, c in self.kinds.items()},
            "requests": self.requests,
            "cache_hits": self.cache_hits,
            "proposals_written": self.written,
            "proposals_new": self.new,
            "skipped_reviewed": self.skipped_reviewed,
            "out": self.out,
            "cache": self.cache,
            "candidates": [
                {
                    "subject_id": c.thing.curie,
                    "subject_label": c.thing.label,
                    "object_id": f"wikidata:{c.item.qid}",
                    "object_label": c.item.label,
                    "score": c.score,
                    "why": list(c.reasons),
                    "see_also": c.item.page,
                }
                for c in self.candidates
            ],
        }


def candidates_for(thing: Thing, client: Client, check: TypeCheck | None = None) -> list[Candidate]:
    """Every item found for one thing, scored, best first."""
    qids = qids_of(client.select(lookup_query(thing)))[:MAX_CANDIDATES]
    query = symbol_query(thing)
    if query:
        qids += [q for q in qids_of(client.select(query)) if q not in qids]
    if not qids:
        return []
    items = parse_details(client.select(details_query(qids, check.class_property if check else None)))
    scored = [score(thing, items.get(q, Item(q)), check) for q in qids]
    return sorted(scored, key=lambda c: (-c.score, c.item.qid))


def reconcile(
    things: list[Thing],
    client: Client,
    check: TypeCheck | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Callable[[str], None] = lambda _: None,
) -> Report:
    """Ask about each thing; keep the candidates scoring at least ``min_score``."""
    kinds = {k: KindCount() for k in KINDS if any(t.kind == k for t in things)}
    kept: list[Candidate] = []
    for n, thing in enumerate(things, 1):
        progress(f"{n}/{len(things)} {thing.kind}: {thing.label}")
        found = candidates_for(thing, client, check)
        count = kinds[thing.kind]
        count.things += 1
        count.candidates += len(found)
        kept += [c for c in found if c.score >= min_score and c.score > 0]
    return Report(client.endpoint, kinds, kept, client.requests, client.cache_hits)


def load_table(path: Path, description: str) -> MappingTable:
    """A mapping table, or an empty one with igkg's metadata when there is no file yet."""
    if path.is_file():
        return read_table(path)
    return MappingTable(path, default_metadata(f"https://w3id.org/igkg/mappings/{path.name}", description), [])


def merge_proposals(report: Report, reviewed: MappingTable, proposals: MappingTable) -> MappingTable:
    """The proposals table with this run's candidates merged in.

    A candidate replaces an earlier proposal of the same (subject, predicate, object), so its
    score is current; other proposals stay. Nothing the reviewed table decided is proposed (or
    kept as a proposal): neither the same (subject, predicate, object), accepted or rejected, nor
    a pair already accepted under another SKOS predicate.
    """
    decided = {m.key for m in reviewed.reviewed()}
    linked = {(m.subject_id, m.object_id) for m in reviewed.accepted()}

    def open_question(m: Mapping) -> bool:
        return m.key not in decided and (m.subject_id, m.object_id) not in linked

    rows = {m.key: m for m in proposals.rows if open_question(m)}
    before = set(rows)
    for candidate in report.candidates:
        mapping = candidate.mapping()
        if not open_question(mapping):
            report.skipped_reviewed += 1
            continue
        rows[mapping.key] = mapping
        report.kinds[candidate.thing.kind].proposed += 1
        report.written += 1
        report.new += mapping.key not in before
    return MappingTable(proposals.path, proposals.metadata, list(rows.values()))
