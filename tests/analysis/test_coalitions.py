"""igkg coalitions: the support graph of the December 2010 meeting, its blocs, and stance moves."""

from __future__ import annotations

from kg.analysis.coalitions import coalitions, to_json
from kg.engines import OxigraphView
from kg.pipeline.build import BuildReport
from tests.conftest import Cli
from tests.query.test_queries import source_says


def test_which_delegations_backed_a_governments_only_group_in_the_morning_and_who_moved(view: OxigraphView) -> None:
    result = coalitions(view, "meeting-2010-12-cstd")
    morning = result.governments_only_in_the_morning()
    # "But WG be composed by governments" (Philippines), "WG Members be only governments" (Malaysia),
    # "Composition – governments only" (Iran), and those who supported them ...
    assert {"philippines", "malaysia", "india", "south-africa", "russia", "iran", "china", "cuba"} <= set(morning)
    assert not {"united-kingdom", "portugal", "united-states", "eu"} & set(morning)
    assert source_says("004_bf564407ef9a5607.txt", "18-23", "WG Members be only governments")
    # ... and by the evening the Philippines accepted the text "as long as" it refers to the rules.
    assert set(result.moved_by_evening()) == {"philippines", "india", "iran", "russia", "south-africa"}
    assert source_says("004_bf564407ef9a5607.txt", "1094-1096", "As long as we put")
    # Malaysia, China and Cuba did not speak to it again after the afternoon: they are not "moved".
    assert result.last_stance("malaysia").stance == "governments only"


def test_the_support_graph_forms_a_governments_only_bloc_and_an_equal_footing_bloc(view: OxigraphView) -> None:
    result = coalitions(view, "meeting-2010-12-cstd")
    blocs = [set(b) for b in result.blocs]
    gov = next(b for b in blocs if "philippines" in b)
    assert {"malaysia", "india", "iran", "south-africa", "china"} <= gov
    assert "united-kingdom" not in gov
    other = next(b for b in blocs if "united-kingdom" in b)
    assert {"portugal", "germany", "finland", "united-states"} <= other
    assert result.graph.has_edge("malaysia", "philippines")


def test_coalitions_cli_text_json_and_picture(cli: Cli, built: BuildReport, tmp_path) -> None:
    store = str(built.out_dir / "store")
    text = cli("coalitions", "meeting-2010-12-cstd", "--store", store)
    assert text.exit_code == 0
    assert "Moved by the evening: India, Iran, Philippines, Russia, South Africa" in text.output
    data = cli("coalitions", "meeting-2010-12-cstd", "--format", "json", "--store", store)
    assert '"moved_by_evening"' in data.output
    for fmt in ("svg", "png"):
        out = tmp_path / f"c.{fmt}"
        assert (
            cli("coalitions", "meeting-2010-12-cstd", "--format", fmt, "--out", str(out), "--store", store).exit_code
            == 0
        )
        again = tmp_path / f"d.{fmt}"
        cli("coalitions", "meeting-2010-12-cstd", "--format", fmt, "--out", str(again), "--store", store)
        assert out.read_bytes() == again.read_bytes()  # deterministic pictures
    none = cli("coalitions", "meeting-2006-igf-1", "--store", store)
    assert none.exit_code == 2 and "no support links or positions" in none.output


def test_json_is_stable(view: OxigraphView) -> None:
    assert to_json(coalitions(view, "meeting-2010-12-cstd")) == to_json(coalitions(view, "meeting-2010-12-cstd"))
