"""``igkg stats``'s evidence section: per record kind and field, the facts with and without a tied quote.

A fact (thing, property, value) has a tied quote when a citation of its thing names the property
(``igkg:supportsProperty``) and, if the citation names single values (``igkg:supportsValue``),
this value; or when the value is a claim's, whose citations support it. A citation that names
nothing (an entry without ``supports``, from before every entry had to say what it supports)
ties no fact. Only facts in a source's graph count: what the build derives by a documented rule
(the derived graph) has no quote of its own. The fields are the record schema's, so the table
reads like the records.
"""

from __future__ import annotations

from kg.core import settings, terms
from kg.engines import View
from kg.query.run import run_sparql
from kg.records.schema import KINDS

_NS = settings.ONTOLOGY_NS


def _field_rows() -> str:
    """VALUES rows (class, property, kind, field) for every type and mapped field of every kind."""
    rows = []
    for kind in KINDS.values():
        if not kind.needs_evidence:
            continue
        for cls in sorted(set(kind.types.values())):
            for fspec in kind.fields:
                if fspec.predicate:
                    prop = terms.predicate(fspec.predicate).value
                    rows.append(f'(<{_NS}{cls}> <{prop}> "{kind.name}" "{fspec.name}")')
    return "\n    ".join(rows)


def ties_query() -> str:
    return f"""PREFIX igkg: <{_NS}>
SELECT ?kind ?field (COUNT(*) AS ?facts) (SUM(?tied) AS ?withQuote) WHERE {{
  {{
    SELECT DISTINCT ?kind ?field ?s ?p ?o WHERE {{
      VALUES (?class ?p ?kind ?field) {{
    {_field_rows()}
      }}
      ?s a ?class .
      GRAPH ?g {{ ?s ?p ?o }}
      FILTER(STRSTARTS(STR(?g), "{settings.SOURCE_BASE}") && STRSTARTS(STR(?s), "{settings.ID_BASE}"))
    }}
  }}
  BIND(IF(EXISTS {{
        ?s igkg:evidence ?citation . ?citation igkg:supportsProperty ?p .
        FILTER(NOT EXISTS {{ ?citation igkg:supportsValue ?anyValue }} || EXISTS {{ ?citation igkg:supportsValue ?o }})
      }} || EXISTS {{
        ?s igkg:claim ?claim . ?claim igkg:claimProperty ?p ; igkg:evidence ?claimCitation .
        {{ ?claim igkg:claimValue ?o }} UNION {{ ?claim igkg:claimObject ?o }}
      }}, 1, 0) AS ?tied)
}} GROUP BY ?kind ?field ORDER BY ?kind ?field
"""


def evidence_ties(view: View) -> list[dict[str, object]]:
    """One row per record kind and field that has facts: how many have a tied quote, how many not."""
    out: list[dict[str, object]] = []
    for row in run_sparql(view, ties_query()).dicts():
        facts, tied = int(row["facts"]), int(row.get("withQuote") or 0)
        out.append(
            {
                "kind": row["kind"],
                "field": row["field"],
                "facts": facts,
                "with_quote": tied,
                "without_quote": facts - tied,
            }
        )
    return out


def table_lines(rows: list[dict[str, object]]) -> list[str]:
    """The section as ``igkg stats`` prints it."""
    untied = sum(int(str(r["without_quote"])) for r in rows)
    lines = [f"evidence: facts per field with a tied quote / without ({untied} without)"]
    for r in rows:
        name = f"{r['kind']}.{r['field']}"
        lines.append(f"  {name:<36} {r['with_quote']:>6} / {r['without_quote']}")
    return lines
