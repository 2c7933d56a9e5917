"""Every speaker label and acronym in the sources resolves to a record, or is left out on purpose."""

from kg.tools.coverage import report


def test_every_name_in_the_sources_is_accounted_for() -> None:
    resolved, unresolved = report()
    assert unresolved == [], "add a record, an alias or a left-out reason in kg/data/names.yaml"
    assert any(line.startswith("UNGIS -> ungis") for line in resolved)
    assert any(line.startswith("G77 -> g77-china") for line in resolved)
    assert any(line.startswith("Marilyn Cade -> marilyn-cade") for line in resolved)
