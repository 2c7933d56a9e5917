"""What a meeting's page shows: its sessions, its turns in the order of the record (speaker and
first words), the stances taken and who backed whom (runs in a query worker).

The first words of a turn are read from the source file the build read (the lines its citation
names), so the page quotes the record itself; a source the worker cannot read gives no words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.core import settings
from kg.engines.base import View
from kg.query.run import run_sparql

_PREFIXES = (
    "PREFIX igkg: <https://w3id.org/igkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
#: How much of a turn the page shows.
FIRST_WORDS = 160


@lru_cache(maxsize=8)
def _source_lines(name: str) -> tuple[str, ...]:
    if not name or "/" in name or name.startswith("."):
        return ()
    path = settings.sources_dir() / name
    if not path.is_file():
        return ()
    return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())


def _first_words(source: str, start: str, end: str, speaker: str) -> str:
    """The turn's text from its source lines, without the speaker's name, cut at a word."""
    lines = _source_lines(source)
    if not lines or not start.isdigit() or not end.isdigit():
        return ""
    text = " ".join(line.strip() for line in lines[int(start) - 1 : int(end)] if line.strip())
    if speaker and text.startswith(speaker):
        text = text[len(speaker) :].lstrip(" :—-")
    if len(text) <= FIRST_WORDS:
        return text
    return text[:FIRST_WORDS].rsplit(" ", 1)[0] + " …"


def _slug(iri: str) -> str:
    return iri[len(settings.ID_BASE) :] if iri.startswith(settings.ID_BASE) else ""


def _sessions(view: View, iri: str) -> list[dict[str, Any]]:
    query = _PREFIXES + (
        "SELECT ?s ?label ?order ?part WHERE { ?s igkg:inMeeting <" + iri + "> ; a igkg:Session . "
        "OPTIONAL { ?s rdfs:label ?label } OPTIONAL { ?s igkg:order ?order } "
        "OPTIONAL { ?s igkg:dayPart/skos:prefLabel ?part } }"
    )
    rows = run_sparql(view, query).dicts()
    sessions: dict[str, dict[str, Any]] = {}
    for r in rows:
        sessions.setdefault(
            r["s"],
            {"iri": r["s"], "label": r.get("label", ""), "order": int(r.get("order", "0")), "part": r.get("part", "")},
        )
    return sorted(sessions.values(), key=lambda s: s["order"])


def _turns(view: View, iri: str) -> list[dict[str, Any]]:
    query = _PREFIXES + (
        "SELECT ?t ?order ?session ?written ?who ?wholabel ?src ?from ?to WHERE { "
        "?t a igkg:Intervention ; igkg:inMeeting <" + iri + "> ; igkg:order ?order . "
        "OPTIONAL { ?t igkg:inSession ?session } OPTIONAL { ?t igkg:speakerAsWritten ?written } "
        "OPTIONAL { ?t igkg:speaker ?who OPTIONAL { ?who rdfs:label ?wholabel } } "
        "OPTIONAL { ?t igkg:evidence ?c . ?c igkg:inSource ?src ; igkg:lineStart ?from ; igkg:lineEnd ?to } }"
    )
    turns: dict[str, dict[str, Any]] = {}
    for r in run_sparql(view, query).dicts():
        if r["t"] in turns:
            continue
        source = r.get("src", "")[len(settings.SOURCE_BASE) :]
        written = r.get("written", "")
        turns[r["t"]] = {
            "iri": r["t"],
            "order": int(r["order"]),
            "session": r.get("session", ""),
            "speaker": r.get("wholabel") or written,
            "speaker_iri": r.get("who", ""),
            "source": source,
            "line": r.get("from", ""),
            "words": _first_words(source, r.get("from", ""), r.get("to", ""), written),
        }
    return sorted(turns.values(), key=lambda t: t["order"])


def _positions(view: View, iri: str) -> list[dict[str, Any]]:
    query = _PREFIXES + (
        "SELECT ?p ?who ?wholabel ?stance ?question ?turn ?order WHERE { ?p a igkg:Position ; igkg:inMeeting <"
        + iri
        + "> ; igkg:heldBy ?who . OPTIONAL { ?who rdfs:label ?wholabel } "
        "OPTIONAL { ?p igkg:stance/skos:prefLabel ?stance } OPTIONAL { ?p igkg:question ?question } "
        "OPTIONAL { ?p igkg:statedIn ?turn OPTIONAL { ?turn igkg:order ?order } } }"
    )
    seen: dict[str, dict[str, Any]] = {}
    for r in run_sparql(view, query).dicts():
        seen.setdefault(
            r["p"],
            {
                "iri": r["p"],
                "holder": r.get("wholabel", _slug(r["who"])),
                "holder_iri": r["who"],
                "stance": r.get("stance", ""),
                "question": r.get("question", ""),
                "turn": r.get("turn", ""),
                "order": int(r.get("order", "0")),
            },
        )
    return sorted(seen.values(), key=lambda p: (p["stance"], p["holder"].casefold(), p["order"]))


def _stance_groups(positions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Positions by stance, then by holder with the turns in which the holder took it: one line
    per holder instead of one row per statement."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for p in positions:
        holders = groups.setdefault(p["stance"], {})
        holder = holders.setdefault(
            p["holder_iri"], {"holder": p["holder"], "holder_iri": p["holder_iri"], "turns": []}
        )
        holder["turns"].append({"turn": p["turn"], "order": p["order"], "position": p["iri"]})
    return [
        {"stance": stance, "count": sum(len(h["turns"]) for h in holders.values()), "holders": list(holders.values())}
        for stance, holders in sorted(groups.items())
    ]


def _support(view: View, iri: str) -> list[dict[str, Any]]:
    query = _PREFIXES + (
        "SELECT ?l ?a ?al ?b ?bl ?manner ?turn ?order WHERE { ?l a igkg:SupportLink ; igkg:inMeeting <"
        + iri
        + "> ; igkg:supporter ?a ; igkg:supported ?b . OPTIONAL { ?a rdfs:label ?al } OPTIONAL { ?b rdfs:label ?bl } "
        "OPTIONAL { ?l igkg:manner/skos:prefLabel ?manner } "
        "OPTIONAL { ?l igkg:statedIn ?turn OPTIONAL { ?turn igkg:order ?order } } }"
    )
    seen: dict[str, dict[str, Any]] = {}
    for r in run_sparql(view, query).dicts():
        seen.setdefault(
            r["l"],
            {
                "iri": r["l"],
                "supporter": r.get("al", _slug(r["a"])),
                "supporter_iri": r["a"],
                "supported": r.get("bl", _slug(r["b"])),
                "supported_iri": r["b"],
                "manner": r.get("manner", ""),
                "turn": r.get("turn", ""),
                "order": int(r.get("order", "0")),
            },
        )
    return sorted(seen.values(), key=lambda s: (s["order"], s["supporter"]))


def coalition_figure(view: View, iri: str, declaration: bool = False) -> str:
    """The meeting's coalition picture (kg.analysis.diagram_arcs) as SVG markup, or "" when the
    meeting has no support links (then the page shows no picture at all)."""
    from kg.analysis.coalitions import coalitions
    from kg.analysis.diagram_arcs import coalition_svg
    from kg.core.errors import QueryError

    slug = _slug(iri)
    if not slug or "/" in slug:
        return ""
    # The canned query also answers for a delegation (the links it made): only a meeting is drawn.
    thing: dict[str, NamedNode | Literal] = {"m": NamedNode(iri)}
    if not run_sparql(view, _PREFIXES + "ASK { ?m a igkg:Meeting }", thing).boolean:
        return ""
    try:
        result = coalitions(view, slug)
    except QueryError:
        return ""
    if not result.graph.number_of_edges():
        return ""
    labels = run_sparql(view, _PREFIXES + "SELECT ?l WHERE { ?m rdfs:label ?l } LIMIT 1", thing).dicts()
    title = "Who backed whom" + (f": {labels[0]['l']}" if labels else "")
    return coalition_svg(result, title, declaration).decode("utf-8")


def meeting(view: View, iri: str) -> dict[str, Any] | None:
    """The record of the meeting ``iri``, or None when ``iri`` is not a meeting."""
    ask = run_sparql(view, _PREFIXES + "ASK { <" + iri + "> a igkg:Meeting }")
    if not ask.boolean:
        return None
    sessions = _sessions(view, iri)
    turns = _turns(view, iri)
    by_session: dict[str, list[dict[str, Any]]] = {}
    for turn in turns:
        by_session.setdefault(turn["session"], []).append(turn)
    for session in sessions:
        session["turns"] = by_session.pop(session["iri"], [])
    loose = [t for ts in by_session.values() for t in ts]
    if loose:  # turns the record puts in no session
        sessions.append({"iri": "", "label": "Outside any session", "order": 0, "part": "", "turns": loose})
    positions = _positions(view, iri)
    return {
        "sessions": sessions,
        "turn_count": len(turns),
        "positions": positions,
        "stances": _stance_groups(positions),
        "questions": sorted({p["question"] for p in positions if p["question"]}),
        "support": _support(view, iri),
        "coalition_svg": coalition_figure(view, iri),
    }
