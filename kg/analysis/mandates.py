"""Analysis of the mandate graph: roots of authority, longest chains, lapsed and open-ended
mandates, renewals that renew nothing or are renewed twice, and cycles (a data error).

Lapsed and open-ended read each mandate's course as the build derived it (kg/loaders/lapse.py:
an end date, a deadline, fulfilment, a renewal or the end of the mandatee ends a mandate).

Works on :func:`kg.analysis.lineage.mandate_graph`: edges run from a mandate to the earlier mandate it
renews or was given pursuant to.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import TypedDict

import networkx as nx

from kg.analysis.lineage import IN_FORCE, state_on

_RENEWING = ("renew", "extend")
#: How many of the longest chains the analysis reports.
_CHAINS_SHOWN = 3


class RootOfAuthority(TypedDict):
    issuer: str
    mandates: int


class Lapse(TypedDict):
    mandatee: str
    #: The last day any of its mandates was in force.
    ended: str


class OpenEnded(TypedDict):
    mandate: str
    mandatee: str
    start: str
    #: "in force" (standing, no end recorded) or "unknown" (nothing shows it in force or ended).
    state: str
    reason: str


class RenewedTwice(TypedDict):
    mandate: str
    renewed_by: list[str]


@dataclass
class Analysis:
    as_of: str
    mandates: int = 0
    roots_of_authority: list[RootOfAuthority] = field(default_factory=list)
    longest_chains: list[list[str]] = field(default_factory=list)
    lapsed: list[Lapse] = field(default_factory=list)
    open_ended: list[OpenEnded] = field(default_factory=list)
    renewals_renewing_nothing: list[str] = field(default_factory=list)
    renewed_more_than_once: list[RenewedTwice] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"igkg_analysis_version": 1, **asdict(self)}, indent=2, ensure_ascii=False) + "\n"

    def table(self) -> str:
        lines = [
            f"{self.mandates} mandates; as of {self.as_of}",
            "",
            "roots of authority (issuers of mandates that rest on no earlier one):",
        ]
        lines += [f"  {r['issuer']:<28} {r['mandates']:>3} mandate(s)" for r in self.roots_of_authority]
        lines += ["", "longest chains (earliest first):"]
        lines += ["  " + " → ".join(chain) for chain in self.longest_chains]
        lines += ["", f"bodies whose every mandate had lapsed by {self.as_of}: {len(self.lapsed)}"]
        lines += [f"  {b['mandatee']}  (last ended {b['ended']})" for b in self.lapsed]
        lines += ["", f"open-ended mandates on {self.as_of} (nothing recorded ends them): {len(self.open_ended)}"]
        lines += [
            f"  {m['mandate']}  ({m['mandatee']}, since {m['start'] or '?'}; {m['state']}: {m['reason']})"
            for m in self.open_ended
        ]
        lines += ["", f"renewals that renew nothing: {len(self.renewals_renewing_nothing)}"]
        lines += [f"  {m}" for m in self.renewals_renewing_nothing]
        lines += ["", f"mandates renewed more than once: {len(self.renewed_more_than_once)}"]
        lines += [f"  {m['mandate']} by {', '.join(m['renewed_by'])}" for m in self.renewed_more_than_once]
        lines += ["", f"cycles (data errors): {len(self.cycles)}"]
        lines += ["  " + " → ".join(cycle) for cycle in self.cycles]
        return "\n".join(lines) + "\n"


def analyse(graph: nx.DiGraph, as_of: str) -> Analysis:
    """Analyse the mandates of ``graph`` (:func:`kg.analysis.lineage.mandate_graph`) as of a date."""
    mandates = nx.DiGraph(graph.subgraph(n for n in graph.nodes if graph.nodes[n].get("kind") == "mandate"))
    # The links between mandates alone, without their attributes, for the walks.
    links = nx.DiGraph([(a, b) for a, b in mandates.edges])
    links.add_nodes_from(mandates.nodes)
    result = Analysis(as_of=as_of, mandates=mandates.number_of_nodes())
    result.cycles = sorted(sorted(c) for c in nx.simple_cycles(links))
    result.roots_of_authority = _roots_of_authority(mandates)
    if not result.cycles:  # a chain is only defined where the links form no cycle
        result.longest_chains = _longest_chains(links)
    result.open_ended = _open_ended(mandates, as_of)
    result.renewals_renewing_nothing = [
        node
        for node in sorted(mandates.nodes)
        if mandates.nodes[node]["action"] in _RENEWING and not _related(mandates, node, "renews", earlier=True)
    ]
    result.renewed_more_than_once = _renewed_more_than_once(mandates)
    result.lapsed = _lapsed(mandates, as_of)
    return result


def _roots_of_authority(mandates: nx.DiGraph) -> list[RootOfAuthority]:
    """The issuers of mandates that rest on no earlier one, those with the most first."""
    roots = Counter(mandates.nodes[n]["issuer"] for n in mandates.nodes if mandates.out_degree(n) == 0)
    return [
        {"issuer": issuer, "mandates": count} for issuer, count in sorted(roots.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _longest_chains(links: nx.DiGraph) -> list[list[str]]:
    """The longest chains of mandates, earliest first, that share no mandate (``links`` is acyclic)."""
    # The longest chain ending at each mandate, built from the earliest mandates on.
    best: dict[str, list[str]] = {}
    for node in reversed(list(nx.topological_sort(links))):
        earlier = [best[e] for e in links.successors(node)]
        best[node] = [*max(earlier, key=lambda p: (len(p), p), default=[]), node]
    chains: list[list[str]] = []
    seen: set[str] = set()
    for chain in sorted(best.values(), key=lambda p: (-len(p), p)):
        if len(chains) == _CHAINS_SHOWN:
            break
        if chain[-1] not in seen:
            seen.update(chain)
            chains.append(chain)
    return chains


def _related(mandates: nx.DiGraph, node: str, relation: str, *, earlier: bool) -> list[str]:
    """The mandates ``node`` links to by ``relation`` (earlier ones), or that link to it (later ones)."""
    if earlier:
        return [b for b in mandates.successors(node) if mandates.edges[node, b]["relation"] == relation]
    return sorted(a for a in mandates.predecessors(node) if mandates.edges[a, node]["relation"] == relation)


def _renewed_more_than_once(mandates: nx.DiGraph) -> list[RenewedTwice]:
    found: list[RenewedTwice] = []
    for node in sorted(mandates.nodes):
        renewed_by = _related(mandates, node, "renews", earlier=False)
        if len(renewed_by) > 1:
            found.append({"mandate": node, "renewed_by": renewed_by})
    return found


def _open_ended(mandates: nx.DiGraph, as_of: str) -> list[OpenEnded]:
    """The mandates begun by ``as_of`` that nothing recorded ends: standing ones in force, and
    those whose state is unknown."""
    found: list[OpenEnded] = []
    for node in sorted(mandates.nodes):
        attrs = mandates.nodes[node]
        period = state_on(attrs, as_of)
        if period is None or period["until"] or not (period["state"] == IN_FORCE or period["state"] == "unknown"):
            continue
        if period["state"] == IN_FORCE and len(attrs.get("periods", [])) > 1:
            continue  # in force now, but a later period ends it
        found.append(
            {
                "mandate": node,
                "mandatee": attrs["mandatee"],
                "start": attrs.get("start", ""),
                "state": period["state"],
                "reason": period["reason"],
            }
        )
    return found


def _lapsed(mandates: nx.DiGraph, as_of: str) -> list[Lapse]:
    """The mandatees whose every mandate begun by ``as_of`` had ended by then (ended, lapsed by
    deadline, fulfilled, superseded or mandatee ended: neither in force nor unknown)."""
    last_days: dict[str, list[str]] = defaultdict(list)
    over: dict[str, bool] = defaultdict(lambda: True)
    for node in sorted(mandates.nodes):
        attrs = mandates.nodes[node]
        period = state_on(attrs, as_of)
        if period is None:
            continue  # not begun by then
        mandatee = attrs["mandatee"]
        if period["state"] in (IN_FORCE, "unknown"):
            over[mandatee] = False
        last_days[mandatee] += [p["until"] for p in attrs.get("periods", []) if p["state"] == IN_FORCE and p["until"]]
    return [
        {"mandatee": mandatee, "ended": max(days) if days else ""}
        for mandatee, days in sorted(last_days.items())
        if over[mandatee]
    ]
