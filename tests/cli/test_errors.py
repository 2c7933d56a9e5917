"""No traceback for anything a user or their machine can cause (issue 15, item 7): each case is
refused with a message naming the file, line, field, option or path, and exit 2 (1 only for a
failed check); a bug in igkg is "internal error", exit 70, the traceback only with --debug.

Real files, real stores (damaged copies of a real build), real mounts, the real command line.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from kg.cli import cli as root
from kg.pipeline.build import BuildReport
from tests.cli.conftest import DAMAGE
from tests.conftest import Cli, run_module


def refused(result: Result, *words: str, code: int = 2) -> None:
    """The command exited ``code`` with a message holding ``words`` and no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "Traceback" not in result.output


def store(built: BuildReport) -> str:
    return str(built.out_dir / "store")


# --- the records a build reads --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "folder.yaml").mkdir(), "folder.yaml: not a regular file but a folder"),
        (
            lambda d: ((d / "a.yaml").symlink_to("b.yaml"), (d / "b.yaml").symlink_to("a.yaml")),
            "a.yaml: cannot read: a loop of symbolic links",
        ),
        (
            lambda d: (d / "gone.yaml").symlink_to("nowhere.yaml"),
            "gone.yaml: cannot read: a symbolic link to 'nowhere.yaml', which does not exist",
        ),
        (lambda d: (d / "nul.yaml").write_bytes(b"bodies:\n  - id: a\x00b\n"), "nul.yaml:2: a NUL byte"),
        (
            lambda d: (d / "deep.yaml").write_text("bodies: " + "[" * 3000 + "]" * 3000 + "\n"),
            "deep.yaml:1: mappings and lists nest more than 50 levels deep",
        ),
    ],
    ids=["a folder", "a symlink loop", "a dangling symlink", "a NUL byte", "YAML nested 3000 levels"],
)
def test_a_records_file_that_cannot_be_read_is_named(
    cli: Cli, records_dir: Path, tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    make(records_dir)
    refused(cli("build", "--out", str(tmp_path / "out")), message)
    assert not (tmp_path / "out").exists()


def test_a_fifo_among_the_records_is_refused_without_waiting_for_a_writer(records_dir: Path, tmp_path: Path) -> None:
    os.mkfifo(records_dir / "pipe.yaml")
    # A real process, so that a hang would be a timeout (run_module's generous hang guard).
    done = run_module("build", "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert "pipe.yaml: not a regular file but a named pipe (FIFO)" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_evidence_quote_of_only_an_ellipsis_is_refused_with_file_line_and_field(
    cli: Cli, records_dir: Path, tmp_path: Path
) -> None:
    path = records_dir / "bodies.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("quote:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}quote: '...'\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = cli("build", "--out", str(tmp_path / "out"))
    refused(result, "bodies.yaml:", "field 'sources'", "quote '...' has no words: it would match any line")


# --- output folders, full disks -------------------------------------------------------------------


def test_build_out_under_a_regular_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("mine")
    refused(cli("build", "--out", str(tmp_path / "file" / "build")), f"{tmp_path / 'file'} is not a folder")
    assert (tmp_path / "file").read_text() == "mine"


def test_a_read_only_folder_is_refused_by_name_for_build_export_and_lineage(
    cli: Cli, built: BuildReport, read_only_dir: Path
) -> None:
    refused(cli("build", "--out", str(read_only_dir / "build")), f"igkg cannot write in {read_only_dir}")
    target = read_only_dir / "igkg.nq"
    refused(cli("export", "--out", str(target), "--store", store(built)), f"cannot write {target}")
    picture = read_only_dir / "igf.txt"
    refused(cli("lineage", "igf", "--out", str(picture), "--store", store(built)), f"cannot write {picture}")
    assert list(read_only_dir.iterdir()) == []


def test_a_full_disk_during_a_build_leaves_the_previous_build_whole(
    cli: Cli, built: BuildReport, small_disk: Callable[[str], Path]
) -> None:
    # Room for one build (22 MB) and not for a second beside it.
    disk = small_disk("30m")
    out = disk / "build"
    previous = {p.name: p.read_bytes() for p in built.out_dir.iterdir() if p.is_file()}
    shutil.copytree(built.out_dir, out, symlinks=False)
    result = cli("build", "--out", str(out))
    refused(result, "No space left on device", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == previous
    builds = out.parent / f".{out.name}.builds"
    staging = [p.name for p in builds.iterdir() if "staging" in p.name] if builds.is_dir() else []
    assert staging == []


def test_a_full_disk_during_an_export_keeps_the_previous_file(
    cli: Cli, built: BuildReport, small_disk: Callable[[str], Path]
) -> None:
    disk = small_disk("1m")  # the N-Quads dump is 5 MB
    target = disk / "igkg.nq"
    target.write_bytes(b"the previous export\n")
    result = cli("export", "--format", "nquads", "--out", str(target), "--store", store(built))
    refused(result, f"cannot write {target}: No space left on device")
    assert target.read_bytes() == b"the previous export\n"
    assert [p.name for p in disk.iterdir()] == ["igkg.nq"]  # no temporary file left


def test_a_full_disk_behind_standard_output_is_refused_by_name(built: BuildReport) -> None:
    """/dev/full: every write fails with ENOSPC, the disk-full error of a redirected stdout."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kg", "export", "--format", "nquads", "--store", store(built)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 2, done.stderr
    assert "cannot write to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


# --- damaged stores -------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize(
    "command",
    [
        ["query", "who-mandated", "--param", "id=igf"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        ["export", "--format", "nquads"],
        ["lineage", "igf"],
        ["stats"],
        ["serve", "--port", "0"],
    ],
    ids=lambda c: c[0],
)
def test_a_damaged_store_is_refused_naming_its_folder(
    cli: Cli, damaged_stores: dict[str, Path], damage: str, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A damaged block can send a query's evaluation into a loop that only grows: its memory bound
    # ends it; a small bound ends it sooner.
    monkeypatch.setenv("IGKG_QUERY_MEMORY", "1024")
    path = damaged_stores[damage]
    result = cli(*command, "--store", str(path))
    refused(result, f"the store at {path}", "Corruption", "rebuild it with `igkg build`")


# --- options and arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lineage", "A B"], "Invalid value for 'SLUG': 'A B' is not a slug"),
        (["coalitions", "A B"], "Invalid value for 'MEETING': 'A B' is not a slug"),
        (["sparql", "--endpoint", "not a url", "ASK {}"], "Invalid value for '--endpoint': 'not a url'"),
        (["query", "igf", "--endpoint", "http://a b/"], "Invalid value for '--endpoint'"),
        (["push", "--endpoint", "file:///etc/passwd"], "Invalid value for '--endpoint'"),
        (["query", "who-mandated", "--param", "id=igf\n"], "--param id: 'igf\\n' contains the control character"),
        (["query", "who-mandated", "--param", "id=igf\x00"], "--param id: 'igf\\x00' contains the control"),
        (["analyse", "--as-of", "garbage"], "Invalid value for '--as-of': 'garbage' is not a date"),
        (["analyse", "--as-of", "2024-02-30"], "'2024-02-30' is not a date of the calendar"),
        (["lineage", "igf", "--as-of", "2024-13-01"], "Invalid value for '--as-of'"),
        (["sparql", "ASK {}", "--timeout", "soon"], "Invalid value for '--timeout'"),
        (["sparql", "ASK {}", "--limit", "-5"], "Invalid value for '--limit'"),
    ],
)
def test_a_bad_option_or_argument_is_refused_naming_it(
    cli: Cli, built: BuildReport, args: list[str], message: str
) -> None:
    extra = [] if args[0] == "push" else ["--store", store(built)]
    refused(cli(*args, *extra), message)


def test_a_query_file_that_is_not_utf8_is_named(cli: Cli, built: BuildReport, tmp_path: Path) -> None:
    query = tmp_path / "latin.rq"
    query.write_bytes("SELECT * WHERE { ?s ?p 'caf\xe9' }".encode("latin-1"))
    refused(cli("sparql", "-f", str(query), "--store", store(built)), f"{query}: not UTF-8 text")


def test_a_query_file_that_is_a_device_is_not_read(cli: Cli, built: BuildReport, tmp_path: Path) -> None:
    (tmp_path / "zero.rq").symlink_to("/dev/zero")
    refused(cli("sparql", "-f", str(tmp_path / "zero.rq"), "--store", store(built)), "not a regular file")


def test_validate_refuses_a_symlink_to_dev_zero_before_reading_it(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "zero.ttl").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.ttl")
    refused(cli("validate", str(tmp_path / "zero.ttl")), "zero.ttl: not a regular file but a character device")
    refused(cli("validate", str(tmp_path / "fifo.ttl")), "fifo.ttl: not a regular file but a named pipe")


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_serve_on_a_port_in_use_is_refused_naming_the_port(cli: Cli, built: BuildReport, busy_port: int) -> None:
    result = cli("serve", "--port", str(busy_port), "--store", store(built))
    refused(result, f"--port {busy_port}: the port is in use on 127.0.0.1")


# --- the boundary itself --------------------------------------------------------------------------


@pytest.fixture
def failing_command() -> Iterator[Callable[[BaseException], None]]:
    """A real command on the real group, raising what the test gives it: the boundary's input."""
    raised: list[BaseException] = []

    @root.command("raise-for-test", hidden=True)
    def raise_for_test() -> None:
        raise raised[-1]

    yield raised.append
    root.commands.pop("raise-for-test")


def test_a_bug_is_an_internal_error_with_exit_70_and_no_traceback(cli: Cli, failing_command) -> None:
    failing_command(ZeroDivisionError("division by zero"))
    result = cli("raise-for-test")
    refused(result, "igkg: internal error: ZeroDivisionError: division by zero", "--debug", code=70)


def test_debug_shows_the_traceback_of_an_internal_error(
    cli: Cli, failing_command, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_command(KeyError("x"))
    result = cli("--debug", "raise-for-test")
    assert result.exit_code == 70 and "Traceback" in result.stderr and "internal error: KeyError" in result.stderr
    monkeypatch.setenv("IGKG_DEBUG", "1")
    failing_command(KeyError("x"))
    assert "Traceback" in cli("raise-for-test").stderr


def test_an_os_error_is_bad_input_naming_its_path(cli: Cli, failing_command) -> None:
    failing_command(IsADirectoryError(21, "Is a directory", "/some/folder"))
    refused(cli("raise-for-test"), "igkg: /some/folder: Is a directory")
    failing_command(OSError(28, "No space left on device"))
    refused(cli("raise-for-test"), "igkg: No space left on device (ENOSPC)")


def test_ctrl_c_is_interrupted_with_exit_130(cli: Cli, failing_command) -> None:
    failing_command(KeyboardInterrupt())
    refused(cli("raise-for-test"), "igkg: interrupted", code=130)


def test_click_usage_errors_keep_exit_2(cli: Cli) -> None:
    result = cli("query")
    assert result.exit_code == 2 and "Missing argument 'NAME'" in result.stderr


def test_the_real_entry_point_reports_an_error_without_a_traceback(tmp_path: Path) -> None:
    done = run_module("query", "who-mandated", "--param", "id=igf", "--store", str(tmp_path / "nothing"))
    assert done.returncode == 2 and "run `igkg build` first" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_states_the_exit_codes(cli: Cli) -> None:
    text = " ".join(cli("--help").output.split())
    assert "An internal error (a bug in igkg) exits 70; --debug shows its traceback." in text
