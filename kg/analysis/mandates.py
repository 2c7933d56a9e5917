"""Analysis of the mandate graph: roots of authority, longest chains, lapsed and open-ended
mandates, renewals that renew nothing or are renewed twice, and cycles (a data error).

Works on :func:`kg.analysis.lineage.mandate_graph`: edges run from a mandate to the earlier mandate it
renews or was given pursuant to.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

import networkx as nx

_RENEWING = ("renew", "extend")


@dataclass
class Analysis:
    as_of: str
    mandates: int = 0
    roots_of_authority: list[dict[str, object]] = field(default_factory=list)
    longest_chains: list[list[str]] = field(default_factory=list)
    lapsed: list[dict[str, str]] = field(default_factory=list)
    open_ended: list[dict[str, str]] = field(default_factory=list)
    renewals_renewing_nothing: list[str] = field(default_factory=list)
    renewed_more_than_once: list[dict[str, object]] = field(default_factory=list)
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
        lines += [f"  {m['mandate']} by {', '.join(m['renewed_by'])}" for m in self.renewed_more_than_once]  # type: ignore[arg-type]
        lines += ["", f"cycles (data errors): {len(self.cycles)}"]
        lines += ["  " + " → ".join(cycle) for cycle in self.cycles]
        return "\n".join(lines) + "\n"


def analyse(graph: nx.DiGraph, as_of: str) -> Analysis:
    mandates = nx.DiGraph(graph.subgraph(n for n in graph.nodes if graph.nodes[n].get("kind") == "mandate"))
    links = nx.DiGraph([(a, b) for a, b in mandates.edges])
    links.add_nodes_from(mandates.nodes)
    result = Analysis(as_of=as_of, mandates=mandates.number_of_nodes())
    result.cycles = sorted(sorted(c) for c in nx.simple_cycles(links))
    roots = Counter(mandates.nodes[n]["issuer"] for n in mandates.nodes if mandates.out_degree(n) == 0)
    result.roots_of_authority = [
        {"issuer": issuer, "mandates": count} for issuer, count in sorted(roots.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if not result.cycles:
        # Longest chain ending at each mandate; report the three longest, earliest first.
        best: dict[str, list[str]] = {}
        for node in reversed(list(nx.topological_sort(links))):
            earlier = [best[e] for e in links.successors(node)]
            best[node] = [*max(earlier, key=lambda p: (len(p), p), default=[]), node]
        chains = sorted(best.values(), key=lambda p: (-len(p), p))
        seen: set[str] = set()
        for chain in chains:
            if chain[-1] in seen or len(result.longest_chains) == 3:
                continue
            seen.update(chain)
            result.longest_chains.append(chain)
    by_mandatee: dict[str, list[dict[str, str]]] = defaultdict(list)
    for node in sorted(mandates.nodes):
        attrs = mandates.nodes[node]
        by_mandatee[attrs["mandatee"]].append({"mandate": node, **attrs})
        if not attrs.get("end"):
            result.open_ended.append({"mandate": node, "mandatee": attrs["mandatee"], "start": attrs.get("start", "")})
        renews = [b for b in mandates.successors(node) if mandates.edges[node, b]["relation"] == "renews"]
        if attrs["action"] in _RENEWING and not renews:
            result.renewals_renewing_nothing.append(node)
        renewed_by = sorted(a for a in mandates.predecessors(node) if mandates.edges[a, node]["relation"] == "renews")
        if len(renewed_by) > 1:
            result.renewed_more_than_once.append({"mandate": node, "renewed_by": renewed_by})
    for mandatee, items in sorted(by_mandatee.items()):
        ends = [m.get("latest", "") for m in items]
        if all(ends) and max(ends) < as_of:
            result.lapsed.append({"mandatee": mandatee, "ended": max(ends)})
    return result
