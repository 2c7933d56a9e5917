"""Real ``igkg build`` processes into one output folder at once: they take turns, one of them
killed while writing costs nothing but its own staging folder, and what is published is one whole
build (kg/core/publish.py). One test, because each real build takes about ten seconds here."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pyoxigraph import Store

from kg.core.publish import build_id, builds_dir, current_build
from kg.pipeline.build import MANIFEST, STORE_DIR
from tests.conftest import REPO


def _start(out: Path, logs: Path, number: int) -> subprocess.Popen[bytes]:
    """``python -m kg build --out OUT``, its output in files (a pipe nobody reads could stall it)."""
    with (logs / f"{number}.out").open("wb") as stdout, (logs / f"{number}.err").open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "kg", "build", "--out", str(out)], stdout=stdout, stderr=stderr, cwd=REPO
        )


def _check_whole(folder: Path) -> dict[str, str]:
    """Every output the manifest lists is in ``folder`` with its SHA-256, and the store opens."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (folder, name)
    for name, dump in manifest["dumps"].items():
        assert (folder / name).stat().st_size == dump["bytes"], (folder, name)
    assert len(Store.read_only(str(folder / STORE_DIR))) >= manifest["quads"]
    return dict(manifest["outputs"])


def _kill_the_first_writer(out: Path, builds: list[subprocess.Popen[bytes]]) -> tuple[subprocess.Popen[bytes], Path]:
    """Kill -9 the build that writes first, once it has written its first dump; its staging folder."""
    deadline = time.monotonic() + 600  # a hang guard, not a timing
    while not list(builds_dir(out).glob("*.staging-*/igkg.ttl")):
        assert time.monotonic() < deadline and all(b.poll() is None for b in builds), "no build started writing"
        time.sleep(0.01)
    (staging,) = builds_dir(out).glob("*.staging-*")
    victim = next(b for b in builds if staging.name.endswith(f".staging-{b.pid}"))
    victim.kill()
    victim.wait()
    return victim, staging


def test_builds_started_together_take_turns_and_one_killed_while_writing_costs_only_itself(tmp_path: Path) -> None:
    out, logs = tmp_path / "out", tmp_path / "logs"
    logs.mkdir()
    # The output folder holds a build of the older layout: the first build to publish migrates it.
    out.mkdir()
    (out / MANIFEST).write_text('{"outputs": {}}\n', encoding="utf-8")
    builds = [_start(out, logs, number) for number in range(4)]
    try:
        victim, staging = _kill_the_first_writer(out, builds)
        codes = [b.wait(timeout=600) for b in builds if b is not victim]
    finally:
        for process in builds:
            if process.poll() is None:
                process.kill()
                process.wait()
    errors = [(logs / f"{n}.err").read_text(encoding="utf-8") for n, b in enumerate(builds) if b is not victim]
    assert codes == [0, 0, 0] and "Traceback" not in "".join(errors), errors
    assert not staging.exists(), "the killed build's staging folder was removed by the next build"
    _check_published(out)


def _check_published(out: Path) -> None:
    """Published: one whole build, the newest; kept: the migrated one and the three new ones."""
    kept = sorted(p.name for p in builds_dir(out).iterdir())
    assert len(kept) == 4 and build_id(out) == current_build(out).name == kept[-1]
    assert os.readlink(out) == f".out.builds/{kept[-1]}"
    assert json.loads((builds_dir(out) / kept[0] / MANIFEST).read_text(encoding="utf-8")) == {"outputs": {}}
    outputs = [_check_whole(builds_dir(out) / name) for name in kept[1:]]
    assert outputs[0] == outputs[1] == outputs[2]  # the same inputs: the same bytes, nothing mixed
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.builds", ".out.lock", "logs", "out"]
