"""``igkg serve`` as a command: bad input is a message and exit code 2, before anything starts."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_module


def test_without_a_store_serve_says_how_to_make_one(tmp_path: Path) -> None:
    done = run_module("serve", "--store", str(tmp_path / "nothing"))
    assert done.returncode == 2
    assert "no igkg store" in done.stderr and "igkg build" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_base_url_must_be_an_absolute_http_url(tmp_path: Path) -> None:
    done = run_module("serve", "--base-url", "ftp://example.org/")
    assert done.returncode == 2
    assert "--base-url" in done.stderr and "Traceback" not in done.stderr


def test_help_teaches_the_paths() -> None:
    done = run_module("serve", "--help")
    assert done.returncode == 0
    for path in ("/sparql", "/id/SLUG", "/.well-known/void", "/ontology", "--timeout", "--row-limit"):
        assert path in done.stdout


def test_a_port_in_use_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_module("serve", "--port", str(port), "--store", str(tmp_path / "nothing"))
    assert done.returncode == 2
    assert str(port) in done.stderr and "in use" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_trusted_proxy_must_be_an_address_or_a_network(tmp_path: Path) -> None:
    for value in ("*", "proxy.example.org", "10.0.0.0/33"):
        done = run_module("serve", "--trusted-proxy", value, "--store", str(tmp_path / "nothing"))
        assert done.returncode == 2, value
        assert "--trusted-proxy" in done.stderr and "Traceback" not in done.stderr
