"""Analysis of the mandate graph: roots of authority, longest chains, lapsed and open-ended
mandates, renewals that renew nothing or are renewed twice, and cycles (a data error).

Works on :func:`kg.analysis.lineage.mandate_graph`: edges run from a mandate to the earlier mandate it
renews or was given pursuant to.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import TypedDict

import networkx as nx

_RENEWING = ("renew", "extend")
#: How many of the longest chains the analysis reports.
_CHAINS_SHOWN = 3


class RootOfAuthority(TypedDict):
    issuer: str
    mandates: int


class Lapse(TypedDict):
    mandatee: str
    ended: str


class OpenEnded(TypedDict):
    mandate: str
    mandatee: str
    start: str


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
        lines += ["", f"open-ended mandates (no end known): {len(self.open_ended)}"]
        lines += [f"  {m['mandate']}  ({m['mandatee']}, since {m['start'] or '?'})" for m in self.open_ended]
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
    result.open_ended = _open_ended(mandates)
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


def _open_ended(mandates: nx.DiGraph) -> list[OpenEnded]:
    """The mandates with no end known."""
    found: list[OpenEnded] = []
    for node in sorted(mandates.nodes):
        attrs = mandates.nodes[node]
        if not attrs.get("end"):
            found.append({"mandate": node, "mandatee": attrs["mandatee"], "start": attrs.get("start", "")})
    return found


def _lapsed(mandates: nx.DiGraph, as_of: str) -> list[Lapse]:
    """The mandatees whose every mandate has a known end, the latest before ``as_of``."""
    ends: dict[str, list[str]] = defaultdict(list)
    for node in sorted(mandates.nodes):
        attrs = mandates.nodes[node]
        ends[attrs["mandatee"]].append(attrs.get("latest", ""))
    return [
        {"mandatee": mandatee, "ended": max(latest)}
        for mandatee, latest in sorted(ends.items())
        if all(latest) and max(latest) < as_of
    ]
