"""How well a Wikidata item fits an igkg thing: names, symbol, type and date, as one score.

Each candidate gets a score in [0, 1] (:func:`score`); the ones above a threshold become
proposals in the SSSOM proposals table, for a person to accept or reject (``igkg link review``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.core.errors import ConfigError
from kg.link.wikidata.items import Item
from kg.link.wikidata.terms import DATE_PROPERTY, P_SYMBOL, PID, QID, SIGNALS
from kg.link.wikidata.things import KINDS, Thing
from kg.records.mappings import Mapping

AUTHOR = "igkgagent:igkg-link"
PREDICATE = "skos:exactMatch"

#: Score weights: each piece of evidence alone gives its weight; several combine as a noisy OR
#: (1 - the product of what each leaves unexplained), so the score stays in [0, 1) and more
#: evidence never lowers it. Conflicts multiply the score by a penalty.
WEIGHTS = {"symbol": 0.85, "label": 0.6, "alias": 0.4, "type": 0.2, "date": 0.3}
PENALTIES = {"symbol": 0.3, "type": 0.4, "date": 0.6}
DEFAULT_MIN_SCORE = 0.3
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

#: How one piece of evidence reads: +1 fits, -1 conflicts, 0 shows nothing; with the reason.
Fit = tuple[int, str]
NO_EVIDENCE: Fit = (0, "")


def normalise(text: str) -> str:
    """A name as compared: Unicode-normalised, case-folded, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_symbol(text: str) -> str:
    """A document symbol as compared: upper case, without spaces (``A/RES/65/141``)."""
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


@dataclass(frozen=True)
class TypeCheck:
    """An optional class check: the property that gives an item's classes (``instance of``) and,
    per kind, the class items that fit it. Off by default: neither the property nor the classes
    are in the verified table, so the user names them (``--class-property``, ``--type-class``)."""

    class_property: str | None = None
    classes: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.class_property is not None and not PID.match(self.class_property):
            raise ConfigError(f"--class-property {self.class_property!r}: give a property number such as P123")
        for kind, qids in self.classes.items():
            if kind not in KINDS:
                raise ConfigError(f"--type-class {kind}=…: the kind must be one of {', '.join(KINDS)}")
            for qid in qids:
                if not QID.match(qid):
                    raise ConfigError(f"--type-class {kind}={qid}: give an item number such as Q123")
        if self.classes and not self.class_property:
            raise ConfigError("--type-class needs --class-property (the property that gives an item's classes)")

    @property
    def active(self) -> bool:
        return bool(self.class_property and self.classes)


def type_fit(kind: str, item: Item, check: TypeCheck | None = None) -> Fit:
    """+1 when the item is shown to be of the thing's kind, -1 when it is shown to be of another
    kind (and not of this one), 0 when nothing shows either; with the reason.

    The user's class check, when given, decides first; the verified signals decide otherwise."""
    if check is not None:
        by_class = _class_fit(kind, item, check)
        if by_class[0]:
            return by_class
    return _signal_fit(kind, item)


def _class_fit(kind: str, item: Item, check: TypeCheck) -> Fit:
    """The item's classes (``check.class_property``) against the classes named for each kind."""
    if not check.active or not check.class_property:
        return NO_EVIDENCE
    classes = set(item.statements.get(check.class_property, ()))
    own = classes & check.classes.get(kind, frozenset())
    if own:
        return 1, f"class {min(own)} ({check.class_property})"
    other = {q for k, qs in check.classes.items() if k != kind for q in qs} & classes
    if other:
        return -1, f"type conflicts: class {min(other)} ({check.class_property})"
    return NO_EVIDENCE


def _signal_fit(kind: str, item: Item) -> Fit:
    """The verified properties only one kind of thing carries (:data:`SIGNALS`)."""
    own = [p for p in SIGNALS[kind] if p in item.statements]
    if own:
        return 1, f"type fits ({', '.join(own[:2])})"
    other = [p for k, ps in SIGNALS.items() if k != kind for p in ps if p in item.statements]
    if other:
        return -1, f"type conflicts ({', '.join(other[:2])})"
    return NO_EVIDENCE


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


def date_fit(thing: Thing, item: Item) -> Fit:
    """+1 when one of the item's dates agrees with the thing's, -1 when all disagree, 0 when
    either has none."""
    prop = DATE_PROPERTY.get(thing.kind)
    ours = _precision(thing.date) if thing.date else None
    values = item.statements.get(prop, []) if prop else []
    if not ours or not values:
        return NO_EVIDENCE
    for value in values:
        theirs = _wikidata_precision(value)
        if theirs is None:
            continue
        n = min(len(ours), len(theirs))
        if ours[:n] == theirs[:n]:
            return 1, f"date agrees ({prop} {'-'.join(theirs)})"
    return -1, f"date differs ({prop} {values[0][:10]} vs {thing.date})"


def symbol_fit(thing: Thing, item: Item) -> Fit:
    """+1 when the item carries one of the thing's symbols (P3069), -1 when it carries others."""
    ours = {normalise_symbol(s) for s in thing.symbols}
    theirs = item.statements.get(P_SYMBOL, [])
    if not ours or not theirs:
        return NO_EVIDENCE
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
    """A Wikidata item found for a thing, with its score and why."""

    thing: Thing
    item: Item
    score: float
    reasons: tuple[str, ...]
    composite: bool

    def mapping(self) -> Mapping:
        """The candidate as a proposal row of the SSSOM table."""
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
