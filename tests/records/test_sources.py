"""The source files igkg ships are exactly the shared ones, and the build never goes online."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.core import settings
from tests.conftest import SHARED_SOURCES, require


def test_shipped_sources_are_identical_to_the_shared_sources() -> None:
    require(SHARED_SOURCES.is_dir(), "../shared/sources beside the checkout")
    shared = sorted(p.name for p in SHARED_SOURCES.glob("*.txt"))
    shipped = sorted(p.name for p in settings.sources_dir().glob("*.txt"))
    assert shipped == shared
    for name in shared:
        assert (settings.sources_dir() / name).read_bytes() == (SHARED_SOURCES / name).read_bytes(), name


def test_every_shipped_source_is_declared_and_cited() -> None:
    from kg.loaders.records import lines_used
    from kg.records import read_records

    records = read_records(settings.records_dir(), settings.sources_dir())
    used = lines_used(records)
    for path in settings.sources_dir().glob("*.txt"):
        assert path.name in records, f"{path.name} is not declared in sources.yaml"
        assert used.get(path.name), f"{path.name} is cited nowhere"


def test_the_build_opens_no_network_connection(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "def hook(event, args):\n"
        "    if event in ('socket.connect', 'socket.getaddrinfo', 'urllib.Request'):\n"
        "        raise RuntimeError(f'network access during the build: {event} {args!r}')\n"
        "sys.addaudithook(hook)\n"
        "from kg.pipeline.build import build\n"
        f"build({str(tmp_path / 'out')!r})\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
