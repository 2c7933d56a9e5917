"""The house rules, checked by machine (README, "How igkg is built"): one package per stage with
one-way imports, no cycles, small rooms, types and lint. These run in the README's test command."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from tests.conftest import REPO, project_tool

KG = REPO / "kg"
STAGES = [
    "core", "records", "loaders", "meetings", "engines", "validate", "query",
    "export", "analysis", "pipeline", "link", "serve", "cli", "tools",
]  # fmt: skip
#: Generated from the ontology (kg/tools/gen_vocab.py), so its length follows the ontology's.
GENERATED = {KG / "core" / "vocab.py"}
MAX_LINES = 500
YAML_READERS = ("load", "load_all", "compose", "compose_all", "parse", "scan")


def _modules() -> list[Path]:
    return sorted(p for p in KG.rglob("*.py") if "_share" not in p.parts)


def _sized() -> list[Path]:
    """Every module of the package and of the benchmark suite."""
    return [*_modules(), *sorted((REPO / "benchmarks").rglob("*.py"))]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    binary = project_tool(tool)
    assert binary is not None, f"{tool} is not installed beside this interpreter: install the test extra"
    return subprocess.run([binary, *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_the_folder_listing_is_the_architecture() -> None:
    packages = sorted(p.name for p in KG.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(STAGES)
    top_modules = sorted(p.name for p in KG.glob("*.py"))
    assert top_modules == ["__init__.py", "__main__.py", "api.py"]


def test_the_import_contracts_hold() -> None:
    done = _run("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.mark.parametrize("package", ["kg", "benchmarks"])
def test_no_import_cycle_anywhere(package: str) -> None:
    graph = grimp.build_graph(package, cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} <-> {imported}")
    assert cycles == []


@pytest.mark.parametrize("path", _sized(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_is_over_500_lines(path: Path) -> None:
    if path in GENERATED:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(REPO)} has {lines} lines: split it by job"


@pytest.mark.parametrize("path", sorted(KG.rglob("__init__.py")), ids=lambda p: str(p.relative_to(REPO)))
def test_a_package_init_only_re_exports(path: Path) -> None:
    """Imports and ``__all__``; or re-exports loaded on first use: imports under
    ``if TYPE_CHECKING:`` for the type checker, and ``__getattr__ = lazy_exports(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        is_import = isinstance(node, ast.Import | ast.ImportFrom)
        assigned = node if isinstance(node, ast.Assign) else None
        targets = [getattr(t, "id", "") for t in assigned.targets] if assigned else []
        is_all = targets == ["__all__"]
        is_lazy = (
            assigned is not None
            and targets == ["__getattr__"]
            and isinstance(assigned.value, ast.Call)
            and getattr(assigned.value.func, "id", "") == "lazy_exports"
        )
        is_typing_imports = (
            isinstance(node, ast.If)
            and getattr(node.test, "id", "") == "TYPE_CHECKING"
            and not node.orelse
            and all(isinstance(n, ast.Import | ast.ImportFrom) for n in node.body)
        )
        assert is_docstring or is_import or is_all or is_lazy or is_typing_imports, (
            f"{path.relative_to(REPO)}:{node.lineno} does work"
        )


def test_one_yaml_reader() -> None:
    """Everything that reads YAML goes through kg.core.yamlnodes (line numbers, no duplicate keys,
    no implicit typing); PyYAML's own readers are called nowhere else (writing YAML is fine)."""
    readers = []
    for path in _modules():
        if path == KG / "core" / "yamlnodes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "yaml":
                readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
            is_yaml_attribute = (
                isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml"
            )
            if is_yaml_attribute and (node.attr.endswith(YAML_READERS) or "Loader" in node.attr):  # type: ignore[attr-defined]
                readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert readers == []


def test_only_the_query_stage_runs_queries_on_an_engine() -> None:
    """``view.query(...)`` (an engine's raw entry) is called only by kg.query.run and the engines."""
    callers = []
    allowed = {KG / "query" / "run.py", *(KG / "engines").glob("*.py")}
    for path in _modules():
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "query":
                owner = node.func.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
                if name in ("view", "_view", "endpoint", "store") or (
                    isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "_view"
                ):
                    callers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert callers == []


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "--no-cache", "kg", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-4000:]


def test_the_code_is_formatted() -> None:
    done = _run("ruff", "format", "--check", "--no-cache", "kg", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-4000:]


def test_mypy_passes_on_kg() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-6000:]


def test_the_package_says_it_is_typed() -> None:
    assert (KG / "py.typed").is_file()
