"""Shared fixtures. Tests use real files, real stores and the real CLI, never mocks.

- ``built``: one real build of the curated graph into a tmp folder, shared by the session;
- ``view`` / ``rdflib_view``: the built store opened read-only, and rdflib's engine over the same quads;
- ``cli``: the igkg command line run in-process (click's CliRunner);
- ``request_logger``: a real HTTP server on loopback recording every connection (tests/netlog.py);
- ``records_dir``: a writable copy of the curated records, for tests that break them on purpose;
- ``require_java``: HermiT needs Java; locally a missing Java skips, under CI=true it fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
from click.testing import CliRunner, Result

from kg.cli import cli as igkg_cli
from kg.core import settings
from kg.engines import OxigraphView, RdflibView
from kg.pipeline.build import BuildReport, build
from tests.netlog import RequestLogger

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "data"
SHARED_SOURCES = REPO.parent / "shared" / "sources"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Property tests (hypothesis) under CI=true draw the same examples on every run: derandomize seeds
# them from each test's source and no example database is kept, so a CI failure shows on every
# run. Elsewhere they are random, and a failure is replayed from .hypothesis/. (Hypothesis's own
# "ci" profile, the parent here, is loaded whenever CI is set at all, even to false.)
hypothesis.settings.register_profile(
    "igkg-ci", parent=hypothesis.settings.get_profile("ci"), derandomize=True, database=None
)
hypothesis.settings.load_profile("igkg-ci" if IN_CI else "default")


def project_tool(name: str) -> str | None:
    """A console script that igkg's own install put beside the running interpreter (the venv's
    ``bin/``), found there and never through PATH: the README's test command does not activate
    the venv, so PATH may hold another copy, or none."""
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def system_tool(name: str) -> str | None:
    """A program from a system package (Java, Virtuoso, Chromium), which the test command
    installs with apt: found on PATH or in the system folders apt installs into."""
    folders = [os.environ.get("PATH", ""), "/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin"]
    return shutil.which(name, path=os.pathsep.join(folders))


def require(condition: bool, what: str) -> None:
    """Skip locally when a dependency is missing; under CI=true a missing dependency fails."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing under CI=true: the CI machine must install it (.ci/run)")
    pytest.skip(f"{what} is not installed here")


@pytest.fixture(autouse=True)
def _isolated_paths(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test writes under its own tmp folder, never into the repository's build/."""
    for var in ("IGKG_STORE", "IGKG_RECORDS_DIR", "IGKG_SOURCES_DIR", "IGKG_DATA_DIR", "IGKG_TRANSCRIPTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("IGKG_BUILD_DIR", str(tmp_path / "build"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    return build(tmp_path_factory.mktemp("igkg") / "build")


@pytest.fixture(scope="session")
def view(built: BuildReport) -> OxigraphView:
    return OxigraphView.open(built.out_dir / "store")


@pytest.fixture(scope="session")
def rdflib_view(view: OxigraphView) -> RdflibView:
    return RdflibView.from_store(view)


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(igkg_cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def run_module(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real entry point, in a separate process: ``python -m kg ARGS``."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300
    )


@pytest.fixture
def records_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A writable copy of the curated records, in use for this test (IGKG_RECORDS_DIR)."""
    target = tmp_path / "records"
    shutil.copytree(settings.records_dir(), target)
    monkeypatch.setenv("IGKG_RECORDS_DIR", str(target))
    yield target


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path, load: Path | None = None, read_only: bool = False) -> Iterator[str]:
    """A real Oxigraph server (PyPI ``oxigraph``) on a free loopback port over ``location``,
    optionally loaded with ``load`` first; yields its base URL (``/query``, ``/store`` under it)."""
    import time
    import urllib.request

    binary = project_tool("oxigraph")
    require(binary is not None, "the Oxigraph server (PyPI `oxigraph`, in the test extra)")
    assert binary is not None
    if load is not None:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(load)], check=True, timeout=120)
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only" if read_only else "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the Oxigraph server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def request_logger() -> Iterator[RequestLogger]:
    """A real HTTP server on 127.0.0.1 that records every connection and request it gets
    (tests/netlog.py): "the network", for the tests that prove igkg reaches nothing."""
    with RequestLogger() as logger:
        yield logger


@pytest.fixture
def require_java() -> None:
    require(system_tool("java") is not None, "a Java runtime (for HermiT)")
