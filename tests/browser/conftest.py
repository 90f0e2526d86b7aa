"""Browser tests: a real server (SQLite, demo data) and Debian's Chromium driven by Playwright.

No browser download: Playwright launches /usr/bin/chromium (installed by `make test`).
Screenshots of failing tests are kept under test-artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")


#: The live server's environment (its database, secret and public URL), for tests that run the `dialogue`
#: command on the same database (`dialogue worker --once` to send the mails a journey caused).
LIVE_ENV: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "browser.db"
    port = _free_port()
    env = dict(os.environ)
    env.pop("DIALOGUE_TEST_DATABASE_URL", None)
    env.update(
        DIALOGUE_DATABASE_URL=f"sqlite:///{db}",
        DIALOGUE_SECRET_KEY="browser-tests-secret-key-0123456789abcdef",
        DIALOGUE_PASSWORD_HASH_COST="fast",
        DIALOGUE_BASE_URL=f"http://127.0.0.1:{port}",
        DIALOGUE_LOG_LEVEL="WARNING",
    )
    LIVE_ENV.clear()
    LIVE_ENV.update(env)
    cli = [sys.executable, "-m", "dialogue.cli"]
    subprocess.run([*cli, "migrate", "--quiet"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run([*cli, "demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    proc = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120  # a loaded machine (several test runs on two cores) starts slowly
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not listen within 120 s")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API holds an event loop while it runs, which must be gone
    before the asyncio tests of other folders start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """`new_page()` opens a page in a fresh context (one per user); failing tests keep screenshots."""
    contexts: list[Any] = []

    def factory() -> Any:
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        contexts.append(context)
        return context.new_page()

    yield factory
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for index, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{index}-{number}.png"), full_page=True)
        context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("demo-password")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/")


def assert_accessible(page: Any) -> None:
    """axe-core (WCAG 2.1 A/AA rules) finds no serious or critical violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not violations, "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in violations)
