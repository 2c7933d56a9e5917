"""`igkg lineage`: the chain as a tree, JSON, DOT and a picture; correct over time."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.analysis.lineage import lineage, to_dot, to_json, to_text
from kg.analysis.picture import draw
from kg.core.errors import QueryError
from kg.engines import OxigraphView
from kg.pipeline.build import BuildReport
from tests.conftest import Cli
from tests.query.test_queries import source_says


def test_the_igf_lineage_runs_from_tunis_72_through_each_renewal(view: OxigraphView) -> None:
    result = lineage(view, "igf")
    text = to_text(result)
    lines = text.splitlines()
    assert lines[0] == "Internet Governance Forum (igf)"
    order = ["A/RES/80/173", "70/125", "65/141", "Tunis Agenda for the Information Society ¶72"]
    renewal_lines = [next(i for i, line in enumerate(lines) if key in line and "—" in line) for key in order[2:]]
    assert renewal_lines == sorted(renewal_lines)  # latest first, back to Tunis
    assert (
        "renews: United Nations General Assembly —renew→ Internet Governance Forum  "
        "by General Assembly resolution 65/141  (2011–2015)" in text
    )
    assert "(2006–)" in text and "(2025-12-17–)" in text  # Tunis ¶72 sets no term
    assert "002_d7f4be828bee6026.txt:17" in text  # the source of the 2010 renewal
    assert source_says("002_d7f4be828bee6026.txt", "17", "for an additional five years")


def test_the_working_group_lineage_runs_from_ecosoc_2010_2_to_its_report(view: OxigraphView) -> None:
    graph = lineage(view, "wg-igf-improvements").graph
    assert "mandate-ecosoc-2010-2-wg" in graph
    assert graph.nodes["mandate-ecosoc-2010-2-wg"]["paragraph"] == "30"
    assert graph.nodes["a-67-65"]["kind"] == "output"
    assert ("mandate-ecosoc-2011-16-wg-report", "a-67-65") in graph.edges
    assert graph.edges["mandate-cstd-chair-2010-wg", "mandate-ecosoc-2010-2-wg"]["relation"] == "pursuant to"


def test_down_follows_later_mandates(view: OxigraphView) -> None:
    text = to_text(lineage(view, "ecosoc", "down"))
    assert "given pursuant to it: Chair of the CSTD —establish→ CSTD Working Group" in text
    assert "renewed by: Economic and Social Council —extend→" in text
    shallow = lineage(view, "ecosoc", "down", depth=1).graph
    assert "mandate-cstd-chair-2010-wg" not in shallow and "mandate-ecosoc-2010-2-wg" in shallow


def test_a_date_before_the_body_existed_returns_nothing(view: OxigraphView) -> None:
    result = lineage(view, "igf", as_of="2004-01-01")
    assert result.graph.number_of_nodes() == 1
    assert to_text(result) == "Internet Governance Forum (igf): no mandates in force on 2004-01-01\n"
    in_2012 = lineage(view, "igf", as_of="2012-01-01").graph
    assert "mandate-a-res-65-141-igf" in in_2012 and "mandate-a-res-70-125-igf" not in in_2012


def test_json_and_dot(view: OxigraphView) -> None:
    result = lineage(view, "igf")
    doc = json.loads(to_json(result))
    assert doc["subject"] == "igf" and doc["direction"] == "up"
    assert {"from": "mandate-a-res-70-125-igf", "to": "mandate-a-res-65-141-igf", "relation": "renews"} in doc["edges"]
    assert to_json(result) == to_json(lineage(view, "igf"))  # deterministic
    dot = to_dot(result)
    assert dot.startswith("digraph lineage {") and dot.rstrip().endswith("}")
    # Time flows forward: the earlier mandate points to the one that renews it.
    assert '"mandate-a-res-65-141-igf" -> "mandate-a-res-70-125-igf" [label="renews", style=dashed];' in dot


def test_pictures_are_real_svg_and_png(view: OxigraphView, tmp_path: Path) -> None:
    svg = draw(lineage(view, "igf"), "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for label in ("A/RES/65/141", "A/RES/70/125", "A/RES/80/173", "¶72", "2011–2015", "2016–2025"):
        assert label in texts, label
    png = draw(lineage(view, "wg-igf-improvements"), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_unknown_slug_and_bad_date_are_refused(view: OxigraphView) -> None:
    with pytest.raises(QueryError, match="unknown id 'ghost'"):
        lineage(view, "ghost")
    with pytest.raises(QueryError, match="February 2011 has 28 days"):
        lineage(view, "igf", as_of="2011-02-29")


def test_lineage_cli(cli: Cli, built: BuildReport, tmp_path: Path) -> None:
    store = str(built.out_dir / "store")
    result = cli("lineage", "wg-igf-improvements", "--store", store)
    assert result.exit_code == 0 and "ECOSOC resolution 2010/2 ¶30" in result.output
    out = tmp_path / "igf.svg"
    assert cli("lineage", "igf", "--format", "svg", "--out", str(out), "--store", store).exit_code == 0
    assert out.read_bytes().lstrip().startswith(b"<?xml")
    assert cli("lineage", "ghost", "--store", store).exit_code == 2
    dated = cli("lineage", "igf", "--as-of", "2004-01-01", "--store", store)
    assert dated.exit_code == 0 and "no mandates in force on 2004-01-01" in dated.output
