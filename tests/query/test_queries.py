"""Canned queries: answers checked against what the sources say, the same on both engines."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode

from kg.core import settings
from kg.core.errors import QueryError
from kg.engines import OxigraphView, RdflibView, Results
from kg.query import catalog as queries
from kg.query.binding import inlined, with_values
from kg.query.catalog import Param, to_term
from kg.query.run import run_canned, run_sparql
from kg.records.sources import read_source_file


def source_says(file: str, lines: str, text: str) -> bool:
    start, _, end = lines.partition("-")
    sf = read_source_file(settings.sources_dir() / file)
    return sf.contains(int(start), int(end or start), text)


def by_mandate(results: Results) -> dict[str, dict[str, str]]:
    return {row["mandate"].rsplit("/", 1)[-1]: row for row in results.dicts()}


def test_catalog_lists_the_backbone_queries_with_headers() -> None:
    catalog = queries.catalog()
    assert {"who-mandated", "mandated-by", "provenance"} <= set(catalog)
    for query in catalog.values():
        assert query.title and query.description
        # One convention for parameters: a thing is `id` (a slug), a date is `as_of`.
        assert set(query.params) <= {"id", "as_of", "other"}, query.name
        assert query.params["id"].type == "slug"
        assert all(p.type == "date" for n, p in query.params.items() if n == "as_of")
        assert all(p.example for p in query.params.values() if p.required)
    assert not any(name.startswith(("check-", "construct-")) for name in catalog)


def test_who_mandated_the_working_group_reaches_ecosoc_2010_2_and_the_tunis_agenda(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "who-mandated", {"id": "wg-igf-improvements"}))
    # The CSTD Chair established the group on 17 December 2010 ...
    chair = rows["mandate-cstd-chair-2010-wg"]
    assert (chair["issuerLabel"], chair["action"], chair["start"]) == ("Chair of the CSTD", "establish", "2010-12-17")
    assert source_says("004_bf564407ef9a5607.txt", "1146", "The Chair of the CSTD establishes a Working Group")
    assert "004_bf564407ef9a5607.txt:1146" in chair["sources"]
    # ... pursuant to ECOSOC resolution 2010/2, paragraph 30, of 19 July 2010, which invited the Chair ...
    ecosoc = rows["mandate-ecosoc-2010-2-wg"]
    assert (ecosoc["issuerLabel"], ecosoc["action"], ecosoc["mandateeLabel"]) == (
        "Economic and Social Council",
        "invite",
        "Chair of the CSTD",
    )
    assert (ecosoc["instrumentLabel"], ecosoc["paragraph"], ecosoc["start"]) == (
        "ECOSOC resolution 2010/2",
        "30",
        "2010-07-19",
    )
    assert source_says("004_bf564407ef9a5607.txt", "705", "para 30 of ECOSOC resolution")
    assert source_says("003_669eaa658907defa.txt", "28", "Invites the chair of the CSTD to establish")
    # ... in line with the IGF's mandate in paragraph 72 of the Tunis Agenda (from 2006; ¶72 sets
    # no term: A/RES/65/141 renewed it from 2011).
    tunis = rows["mandate-tunis-72-igf"]
    assert (tunis["instrumentLabel"], tunis["paragraph"], tunis["start"], tunis["state"]) == (
        "Tunis Agenda for the Information Society",
        "72",
        "2006",
        "superseded",
    )
    assert "end" not in tunis
    assert source_says("003_669eaa658907defa.txt", "28", "in line with its mandate as set out in the Tunis Agenda")
    # Latest first: time flows upwards through the chain.
    order = list(rows)
    assert order.index("mandate-cstd-chair-2010-wg") < order.index("mandate-ecosoc-2010-2-wg")
    assert order.index("mandate-ecosoc-2010-2-wg") < order.index("mandate-tunis-72-igf")
    # ... and onwards: ECOSOC 2011/16 extended the group's mandate.
    extension = rows["mandate-ecosoc-2011-16-wg"]
    assert (extension["action"], extension["instrumentLabel"]) == ("extend", "ECOSOC resolution 2011/16")


def test_who_mandated_the_igf_shows_the_2010_renewal_for_five_years(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "who-mandated", {"id": "igf"}))
    renewal = rows["mandate-a-res-65-141-igf"]
    assert (renewal["issuerLabel"], renewal["action"], renewal["start"], renewal["end"]) == (
        "United Nations General Assembly",
        "renew",
        "2011",
        "2015",
    )
    assert source_says("002_d7f4be828bee6026.txt", "17", "renewed in 2010 in the General assembly resolution 65/141")
    assert {"mandate-tunis-72-igf", "mandate-tunis-72-convene-igf"} <= set(rows)


def test_mandated_by_ecosoc_follows_the_chain_downstream_to_the_working_group(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "mandated-by", {"id": "ecosoc"}))
    order = list(rows)
    assert order.index("mandate-ecosoc-2010-2-wg") < order.index("mandate-cstd-chair-2010-wg")
    assert rows["mandate-cstd-chair-2010-wg"]["mandateeLabel"] == "CSTD Working Group on improvements to the IGF"


def test_the_igf_mandate_is_renewed_without_a_gap_from_2006(view: OxigraphView) -> None:
    rows = view.query(
        """PREFIX igkg: <https://w3id.org/igkg/ontology#>
        SELECT ?mandate ?start ?end ?renews WHERE {
          ?mandate igkg:mandatee <https://w3id.org/igkg/id/igf> ; igkg:startDate ?start .
          OPTIONAL { ?mandate igkg:endDate ?end } OPTIONAL { ?mandate igkg:renews ?renews }
        } ORDER BY ?start"""
    ).dicts()
    renewals = {
        "mandate-tunis-72-igf",
        "mandate-a-res-65-141-igf",
        "mandate-a-res-70-125-igf",
        "mandate-a-res-80-173-igf",
    }
    chain = [(m, r["start"], r.get("end")) for r in rows if (m := r["mandate"].rsplit("/", 1)[-1]) in renewals]
    assert chain == [
        ("mandate-tunis-72-igf", "2006", None),  # ¶72 sets no term; 65/141 supersedes it (¶76: the review)
        ("mandate-a-res-65-141-igf", "2011", "2015"),
        ("mandate-a-res-70-125-igf", "2016", "2025"),
        ("mandate-a-res-80-173-igf", "2025-12-17", None),  # open: the IGF was made permanent
    ]
    renews = {r["mandate"].rsplit("/", 1)[-1]: r.get("renews", "").rsplit("/", 1)[-1] for r in rows}
    assert renews["mandate-a-res-80-173-igf"] == "mandate-a-res-70-125-igf"
    assert renews["mandate-a-res-70-125-igf"] == "mandate-a-res-65-141-igf"
    assert renews["mandate-a-res-65-141-igf"] == "mandate-tunis-72-igf"


def test_mandated_by_an_instrument_starts_from_its_paragraphs(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "mandated-by", {"id": "tunis-agenda"}))
    assert {
        "mandate-tunis-72-convene-igf",
        "mandate-tunis-72-igf",
        "mandate-a-res-65-141-igf",
        "mandate-ecosoc-2010-2-wg",
        "mandate-cstd-chair-2010-wg",
    } <= set(rows)
    # Nothing upstream of the Tunis Agenda comes out: mandated-by only follows the chain downstream.
    assert "mandate-a-res-56-183-itu" not in rows


def test_provenance_keeps_both_dates_of_the_december_2010_meeting(view: OxigraphView) -> None:
    rows = run_canned(view, "provenance", {"id": "meeting-2010-12-cstd"}).dicts()
    starts = {(r["value"], r.get("rank"), r["source"]) for r in rows if r["property"].endswith("#startDate")}
    assert ("2010-12-17", "preferred", "page-unctad-news-2010-12-23") in starts
    assert ("2010-12-18", "deprecated", "page-igcaucus-aizu-note") in starts
    participant = [r for r in rows if r["property"].endswith("#participant") and r["value"].endswith("izumi-aizu")]
    assert [(r["source"], r["lines"]) for r in participant] == [("004_bf564407ef9a5607.txt", "348")]
    assert source_says("004_bf564407ef9a5607.txt", "348", "Izumi made the following intervention")


def test_every_fact_in_provenance_has_a_source(view: OxigraphView) -> None:
    for slug in ("wg-igf-improvements", "ecosoc-res-2010-2-para-30", "janis-karklins-mag-chair"):
        rows = run_canned(view, "provenance", {"id": slug}).dicts()
        assert rows
        for row in rows:
            assert row["source"], row
            if row["source"] != "derived" and not row["property"].endswith("#type"):
                assert row.get("quote"), row


def _normalised(results: Results) -> set[tuple[str, ...]]:
    out = set()
    for row in results.dicts():
        cells = []
        for var in results.variables:
            value = row.get(var, "")
            if var == "sources":  # GROUP_CONCAT order is engine-specific
                value = "; ".join(sorted(value.split("; ")))
            cells.append(value)
        out.add(tuple(cells))
    return out


@pytest.mark.parametrize("name", sorted(queries.catalog()))
def test_every_canned_query_gives_the_same_answer_on_both_engines(
    view: OxigraphView, rdflib_view: RdflibView, name: str
) -> None:
    query = queries.get(name)
    params = {p.name: p.example for p in query.params.values() if p.example}
    ox = run_canned(view, name, params)
    rd = run_canned(rdflib_view, name, params)
    assert ox.variables == rd.variables
    assert _normalised(ox) == _normalised(rd)
    assert ox.rows, f"{name} with its example parameters returns nothing"


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("who-mandates", {"id": "igf"}, "unknown query 'who-mandates'; known queries:"),
        ("who-mandated", {"slug": "igf"}, "query 'who-mandated' has no parameter 'slug'"),
        ("who-mandated", {}, "query 'who-mandated' needs --param id=… (for example --param id=wg-igf-improvements)"),
        ("who-mandated", {"id": "no-such-body"}, "unknown id 'no-such-body'"),
        ("who-mandated", {"id": "igf> } ; DROP ALL ; {"}, "is not a slug"),
    ],
)
def test_bad_query_calls_are_refused_clearly(
    view: OxigraphView, name: str, params: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError) as exc:
        run_canned(view, name, params)
    assert message in str(exc.value)
    assert exc.value.exit_code == 2


def test_parameters_are_bound_as_escaped_terms_never_spliced() -> None:
    hostile = 'x" } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #'
    text = with_values("SELECT ?label WHERE { ?s ?p ?label }", {"label": Literal(hostile)})
    assert text.startswith("SELECT ?label WHERE { VALUES (?label) { (")
    view = OxigraphView.from_quads([])
    assert run_sparql(view, "SELECT ?label WHERE { }", {"label": Literal(hostile)}).dicts() == [{"label": hostile}]


def test_dates_are_typed_and_checked() -> None:
    param = Param("as_of", "date")
    assert str(to_term(param, "2012-05-01")) == '"2012-05-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    with pytest.raises(QueryError, match="February 2011 has 28 days"):
        to_term(param, "2011-02-29")
    with pytest.raises(QueryError, match="full date"):
        to_term(param, "2012-05")


# --- lineage queries (issue 4) --------------------------------------------------------------------


def ids(results: Results, column: str = "mandate") -> list[str]:
    return [row[column].rsplit("/", 1)[-1] for row in results.dicts() if column in row]


def test_as_of_keeps_only_mandates_in_force_and_nothing_before_the_body_existed(view: OxigraphView) -> None:
    assert run_canned(view, "who-mandated", {"id": "igf", "as_of": "2004-01-01"}).rows == []
    in_2012 = ids(run_canned(view, "who-mandated", {"id": "igf", "as_of": "2012-01-01"}))
    # "renewed in 2010 in the General assembly resolution 65/141 ... for an additional five years"
    assert source_says("002_d7f4be828bee6026.txt", "17", "renewed in 2010 in the General assembly resolution 65/141")
    assert "mandate-a-res-65-141-igf" in in_2012
    assert "mandate-tunis-72-igf" not in in_2012  # ended 2010
    assert "mandate-a-res-70-125-igf" not in in_2012  # from 2016
    before_wg = ids(run_canned(view, "mandated-by", {"id": "ecosoc", "as_of": "2010-12-01"}))
    assert "mandate-ecosoc-2010-2-wg" in before_wg and "mandate-cstd-chair-2010-wg" not in before_wg


def test_mandate_timeline_of_the_igf_runs_from_tunis_through_each_renewal(view: OxigraphView) -> None:
    rows = {r["mandate"].rsplit("/", 1)[-1]: r for r in run_canned(view, "mandate-timeline", {"id": "igf"}).dicts()}
    order = list(rows)
    chain = ["mandate-tunis-72-igf", "mandate-a-res-65-141-igf", "mandate-a-res-70-125-igf", "mandate-a-res-80-173-igf"]
    assert [m for m in order if m in chain] == chain
    assert rows["mandate-tunis-72-igf"]["paragraph"] == "72"
    assert rows["mandate-a-res-70-125-igf"]["renews"].endswith("mandate-a-res-65-141-igf")
    assert (rows["mandate-a-res-70-125-igf"]["start"], rows["mandate-a-res-70-125-igf"]["end"]) == ("2016", "2025")
    assert "end" not in rows["mandate-a-res-80-173-igf"]  # open: made permanent


def test_in_force_on_a_date(view: OxigraphView) -> None:
    on_day = ids(run_canned(view, "in-force", {"as_of": "2010-12-18"}))
    assert {"mandate-cstd-chair-2010-wg", "mandate-tunis-72-igf"} <= set(on_day)
    # ECOSOC's invitation to the Chair was fulfilled when the Chair set the group up on 17 December.
    assert "mandate-ecosoc-2010-2-wg" not in on_day
    assert "mandate-ecosoc-2010-2-wg" in ids(run_canned(view, "in-force", {"as_of": "2010-12-17"}))
    assert run_canned(view, "in-force", {"as_of": "1990-01-01"}).rows == []
    igf_2012 = ids(run_canned(view, "in-force", {"as_of": "2012-01-01", "id": "igf"}))
    assert "mandate-a-res-65-141-igf" in igf_2012 and "mandate-cstd-chair-2010-wg" not in igf_2012


def test_instrument_lineage_goes_back_to_tunis_and_forward_to_the_2025_outcome(view: OxigraphView) -> None:
    rows = run_canned(view, "instrument-lineage", {"id": "a-res-70-125"}).dicts()
    earlier = {r["instrument"].rsplit("/", 1)[-1] for r in rows if r["direction"] == "earlier"}
    later = {r["instrument"].rsplit("/", 1)[-1] for r in rows if r["direction"] == "later"}
    assert {"tunis-agenda", "a-res-68-302"} <= earlier
    assert "a-res-80-173" in later
    assert not earlier & later


def test_reports_to_follows_the_working_group_up_to_ecosoc(view: OxigraphView) -> None:
    rows = [
        (r["above"].rsplit("/", 1)[-1], r["steps"])
        for r in run_canned(view, "reports-to", {"id": "wg-igf-improvements"}).dicts()
    ]
    assert rows[:2] == [("cstd", "1"), ("ecosoc", "2")]
    assert source_says("003_669eaa658907defa.txt", "121", "Chair's report to the 15th Session of CSTD")
    assert source_says("004_bf564407ef9a5607.txt", "613", "CSTD – under ECOSOC")


def test_office_holders_of_the_mag_include_karklins_as_chair_in_may_2014(view: OxigraphView) -> None:
    rows = run_canned(view, "office-holders", {"id": "mag"}).dicts()
    karklins = [r for r in rows if r["holder"].endswith("/janis-karklins")]
    assert karklins and karklins[0]["role"] == "chair"
    assert "2014-05-14" in karklins[0]["attested"]
    assert source_says("002_d7f4be828bee6026.txt", "14", "As the chair of the MAG Ambassador Karklins")


def test_composition_of_the_working_group_is_the_text_agreed_in_december_2010(view: OxigraphView) -> None:
    rows = run_canned(view, "composition", {"id": "wg-igf-improvements"}).dicts()
    seats = {r["who"].rsplit("/", 1)[-1]: int(r["seats"]) for r in rows if r["kind"] == "seats"}
    assert seats == {
        "governments": 22,
        "private-sector": 5,
        "civil-society": 5,
        "technical-and-academic-community": 5,
        "intergovernmental-organizations": 5,
    }
    assert source_says("004_bf564407ef9a5607.txt", "1146", "15 member states plus the five member states")
    assert source_says("004_bf564407ef9a5607.txt", "1150", "5 Business community")
    [rule] = [r["detail"] for r in rows if r["kind"] == "decision rule"]
    assert "consensus" in rule
    assert source_says("004_bf564407ef9a5607.txt", "1160", "will be adopted by consensus")


def test_body_timeline_is_in_date_order(view: OxigraphView) -> None:
    rows = run_canned(view, "body-timeline", {"id": "wg-igf-improvements"}).dicts()
    events = [(r["date"], r["event"], r["thing"].rsplit("/", 1)[-1]) for r in rows]
    assert ("2010-12-17", "established", "wg-igf-improvements") in events
    assert ("2012-01-11", "meeting", "meeting-2012-01-wg-igf-improvements-4") in events
    assert source_says("003_669eaa658907defa.txt", "10", "11 January to 13 January, 2012 Geneva")
    dates = [d for d, _, _ in events]
    assert dates == sorted(dates)


def test_stakeholder_categories_with_where_they_are_recognized(view: OxigraphView) -> None:
    rows = run_canned(view, "stakeholder-categories", {}).dicts()
    assert {r["category"].rsplit("/", 1)[-1] for r in rows} >= {
        "governments",
        "civil-society",
        "private-sector",
        "technical-and-academic-community",
        "intergovernmental-organizations",
    }
    civil = [r for r in rows if r["category"].endswith("/civil-society") and r.get("seats")]
    assert civil and civil[0]["seats"] == "5" and civil[0]["since"] == "2010-12-17"
    assert source_says("004_bf564407ef9a5607.txt", "1152", "5 Civil society")
    only = run_canned(view, "stakeholder-categories", {"id": "private-sector"}).dicts()
    assert {r["category"].rsplit("/", 1)[-1] for r in only} == {"private-sector"}


def test_meetings_lists_each_meeting_with_its_date_place_and_source_file(view: OxigraphView) -> None:
    rows = {row["meeting"]: row for row in run_canned(view, "meetings", {}).dicts()}
    dec = rows["meeting-2010-12-cstd"]
    assert (dec["date"], dec["place"], dec["source"], dec["turns"]) == (
        "2010-12-17",
        "Geneva",
        "004_bf564407ef9a5607.txt",
        "179",
    )
    assert (rows["meeting-2025-11-17-ungis"]["date"], rows["meeting-2025-11-17-ungis"]["source"]) == (
        "2025-11-17",
        "001_ae93e3ef07a7236a.txt",
    )
    assert source_says("001_ae93e3ef07a7236a.txt", "3", "17 November 2025")
    dates = [row["date"] for row in run_canned(view, "meetings", {}).dicts()]
    assert dates == sorted(dates)
    of_cstd = {row["meeting"] for row in run_canned(view, "meetings", {"id": "cstd"}).dicts()}
    assert "meeting-2010-12-cstd" in of_cstd and "meeting-2006-igf-1" not in of_cstd


def test_interventions_are_in_order_with_the_contract_columns(view: OxigraphView) -> None:
    results = run_canned(view, "interventions", {"id": "meeting-2010-12-cstd"})
    assert results.variables[:7] == ["order", "speaker", "speaker_id", "session", "time", "line_start", "line_end"]
    rows = results.dicts()
    assert [int(r["order"]) for r in rows] == list(range(1, 180))
    # The notes: "Philippines" alone on line 9 opens the debate, then Malaysia "Support Philippines".
    assert (rows[1]["speaker"], rows[1]["speaker_id"], rows[1]["line_start"], rows[1]["session"]) == (
        "Philippines",
        "philippines",
        "9",
        "11:05 –",
    )
    assert source_says("004_bf564407ef9a5607.txt", "18-20", "Malaysia Support Philippines")
    assert (rows[2]["speaker_id"], rows[2]["line_start"]) == ("malaysia", "18")
    # The opening passage names no speaker and stays unattributed.
    assert (rows[0]["speaker"], rows[0].get("speaker_id", "")) == ("", "")


def test_interventions_of_a_call_keep_the_room_microphone_unattributed(view: OxigraphView) -> None:
    rows = run_canned(view, "interventions", {"id": "meeting-2025-11-imsb-briefing"}).dicts()
    assert len(rows) == 59
    assert (rows[1]["speaker"], rows[1]["speaker_id"], rows[1]["time"], rows[1]["line_start"]) == (
        "Jimson Olufuye",
        "jimson-olufuye",
        "23:44",
        "85",
    )
    assert source_says("000_f75722b46b55aad4.txt", "85", "Jimson Olufuye   23:44")
    assert all("speaker_id" not in r or not r["speaker_id"] for r in rows if r["speaker"] == "UNHQ-S-1522FC")


def test_positions_of_the_philippines_move_from_governments_only_to_compromise(view: OxigraphView) -> None:
    rows = run_canned(view, "positions", {"id": "philippines"}).dicts()
    assert [(r["day_part"], r["stance"]) for r in rows] == [
        ("morning", "governments only"),
        ("afternoon", "governments only"),
        ("afternoon", "compromise"),
        ("evening", "compromise"),
    ]
    assert (rows[0]["line_start"], rows[0]["quote"]) == ("9", "But WG be composed by governments")
    assert source_says("004_bf564407ef9a5607.txt", "9-16", "But WG be composed by governments")
    assert source_says("004_bf564407ef9a5607.txt", "818-820", "We can go along with proposal of Iran")
    assert rows[2]["line_start"] == "818"


def test_coalitions_lists_who_backed_whom_with_the_line(view: OxigraphView) -> None:
    rows = run_canned(view, "coalitions", {"id": "meeting-2010-12-cstd"}).dicts()
    first = rows[0]
    assert (first["supporter_id"], first["manner"], first["supported_id"], first["line"]) == (
        "malaysia",
        "support",
        "philippines",
        "20",
    )
    assert source_says("004_bf564407ef9a5607.txt", "18-20", "Malaysia Support Philippines")
    assert len(rows) == 84


def _example_bindings(name: str) -> dict[str, NamedNode | Literal]:
    query = queries.get(name)
    return query.bind({p.name: p.example for p in query.params.values() if p.example})


_INLINABLE = sorted(n for n, q in queries.catalog().items() if inlined(q.text, _example_bindings(n)))


def test_most_canned_queries_can_be_inlined() -> None:
    assert len(_INLINABLE) >= 10  # the comparison below is not vacuous


@pytest.mark.parametrize("name", _INLINABLE)
def test_an_inlined_binding_answers_like_the_values_binding(name: str, view: OxigraphView) -> None:
    query = queries.get(name)
    bindings = _example_bindings(name)
    text = inlined(query.text, bindings)
    assert text is not None
    by_values = view.query(with_values(query.text, bindings))
    assert sorted(map(str, view.query(text).rows)) == sorted(map(str, by_values.rows))


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?id WHERE { ?id ?p ?o }",
        "SELECT ?x WHERE { BIND(<urn:a> AS ?id) ?x ?p ?id }",
        "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?id } } }",
        "SELECT ?x WHERE { ?x ?p ?o FILTER(BOUND(?id)) }",
        "SELECT ?x WHERE { ?x ?p ?id } ORDER BY ?id",
    ],
)
def test_a_binding_is_not_inlined_where_that_would_change_the_query(text: str) -> None:
    assert inlined(text, {"id": NamedNode("urn:thing")}) is None


def test_inlining_skips_strings_comments_and_longer_names() -> None:
    text = 'SELECT ?x WHERE { ?x ?p ?id . ?x ?q ?idx . ?x ?r "?id" } # ?id'
    assert inlined(text, {"id": NamedNode("urn:t")}) == (
        'SELECT ?x WHERE { ?x ?p <urn:t> . ?x ?q ?idx . ?x ?r "?id" } # ?id'
    )
