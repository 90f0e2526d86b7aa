"""Weak or missing DIALOGUE_SECRET_KEY: `dialogue serve` refuses it outside the embedded demo (SQLite served on
127.0.0.1), a missing key with --workers > 1 always; compose carries no usable key; `make run` keeps one."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from dialogue import cli
from dialogue.settings import get_settings, weak_secret_key_reason

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "Qm9uam91ci1sZS1kaWFsb2d1ZS1zb2NpYWwtZXN0LXNvbGlkZQ-" + "x7Kp2Vw9ZrT4"
POSTGRES = "postgresql://dialogue:pw@db.internal:5432/dialogue"
HINT = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """`dialogue serve` without a server: records what would have been served."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    for name in list(os.environ):
        if name.startswith("DIALOGUE_"):
            monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str, **env: str) -> int:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return cli.main(["serve", *args])


def _one_line_naming_the_variable(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "DIALOGUE_SECRET_KEY" in lines[0]
    assert HINT in lines[0]
    return lines[0]


def test_missing_key_with_several_workers_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    code = _serve(monkeypatch, "--host", "0.0.0.0", "--workers", "4", DIALOGUE_DATABASE_URL=POSTGRES)
    assert code == 2
    assert served == []
    line = _one_line_naming_the_variable(capsys.readouterr().err)
    assert "is not set" in line
    assert "--workers > 1" in line


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("change-me-to-a-long-random-string-shared-by-all-processes", "a published key"),
        ("test-secret-key-not-for-production-0123456789", "a published key"),
        ("please-CHANGE_ME-before-going-to-production-0123456789", "a placeholder"),
        ("my-dialogue-example-secret-key-for-the-demo-2026", "a placeholder"),
        ("s3cr3t", "too short (6 bytes"),
        ("k7Hq2Zp9Lw4Xv8Nt1Rb6Yc3Mf5Gd0J", "too short (30 bytes"),
        ("ab" * 24, "not random"),
    ],
    ids=["old-compose", "tests", "change-me", "example", "short", "31-bytes", "repetitive"],
)
def test_weak_keys_are_refused_outside_the_embedded_demo(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    served: list[dict[str, Any]],
    key: str,
    reason: str,
) -> None:
    code = _serve(
        monkeypatch,
        "--host",
        "0.0.0.0",
        DIALOGUE_DATABASE_URL=POSTGRES,
        DIALOGUE_SECRET_KEY=key,
    )
    assert code == 2
    assert served == []
    line = _one_line_naming_the_variable(capsys.readouterr().err)
    assert f"DIALOGUE_SECRET_KEY is {reason}" in line
    assert key not in line  # the refused key is not echoed to logs


def test_weak_key_is_refused_for_sqlite_served_beyond_localhost(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]], tmp_path: Path
) -> None:
    code = _serve(
        monkeypatch,
        "--host",
        "0.0.0.0",
        DIALOGUE_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
        DIALOGUE_SECRET_KEY="short",
    )
    assert code == 2
    _one_line_naming_the_variable(capsys.readouterr().err)


def test_missing_key_outside_the_embedded_demo_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    """The worker signs unsubscribe links with the same key: a per-process random key cannot do."""
    assert _serve(monkeypatch, "--host", "127.0.0.1", DIALOGUE_DATABASE_URL=POSTGRES) == 2
    assert "is not set" in _one_line_naming_the_variable(capsys.readouterr().err)


def test_embedded_demo_serves_with_a_generated_or_weak_key(
    monkeypatch: pytest.MonkeyPatch, served: list[dict[str, Any]], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert _serve(monkeypatch, DIALOGUE_DATABASE_URL=url) == 0
    assert _serve(monkeypatch, DIALOGUE_DATABASE_URL=url, DIALOGUE_SECRET_KEY="demo") == 0
    assert len(served) == 2
    assert served[0]["host"] == "127.0.0.1"
    assert served[0]["proxy_headers"] is False  # no trusted proxy configured: X-Forwarded-* ignored


def test_strong_key_serves_several_workers_on_postgresql(
    monkeypatch: pytest.MonkeyPatch, served: list[dict[str, Any]]
) -> None:
    assert weak_secret_key_reason(GOOD_KEY) is None
    code = _serve(
        monkeypatch,
        "--host",
        "0.0.0.0",
        "--workers",
        "3",
        DIALOGUE_DATABASE_URL=POSTGRES,
        DIALOGUE_SECRET_KEY=GOOD_KEY,
        DIALOGUE_TRUSTED_PROXIES="10.0.0.0/8",
    )
    assert code == 0
    assert served[0]["workers"] == 3
    assert served[0]["proxy_headers"] is True
    assert served[0]["forwarded_allow_ips"] == "10.0.0.0/8"


def test_generated_keys_are_accepted() -> None:
    import secrets

    for _ in range(200):
        assert weak_secret_key_reason(secrets.token_urlsafe(48)) is None


def test_compose_carries_no_usable_secret() -> None:
    compose = (ROOT / "docker" / "compose.yaml").read_text()
    values = re.findall(r"DIALOGUE_SECRET_KEY:\s*(.+)", compose)
    assert values == ["${DIALOGUE_SECRET_KEY:?set DIALOGUE_SECRET_KEY in docker/.env (see docker/.env.example)}"]
    example = (ROOT / "docker" / ".env.example").read_text()
    assert re.search(r"^DIALOGUE_SECRET_KEY=$", example, re.MULTILINE)
    assert "secrets.token_urlsafe(48)" in example
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/docker/.env" in ignored
    assert "/.dialogue-secret" in ignored


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_run_keeps_its_generated_key_private_across_restarts(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    run = ["make", "-s", "-C", str(tmp_path), f"PYTHON={sys.executable}", ".dialogue-secret"]
    subprocess.run(run, check=True, capture_output=True)
    key_file = tmp_path / ".dialogue-secret"
    first = key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert weak_secret_key_reason(first) is None
    subprocess.run(run, check=True, capture_output=True)
    assert key_file.read_text().strip() == first
