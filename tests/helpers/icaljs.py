"""Run Mozilla ical.js (Thunderbird's iCalendar parser) on a calendar via `tests/js/check_ics.mjs`.

The test is skipped only when `node` is missing. When ical.js is not installed yet, `npm install` is run
once in `tests/js` (npm registry needed); a failure there fails the test rather than hiding it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

__all__ = ["JS_DIR", "IcalJsError", "icaljs_instants"]

JS_DIR = Path(__file__).resolve().parent.parent / "js"
_SCRIPT = JS_DIR / "check_ics.mjs"


class IcalJsError(AssertionError):
    """ical.js rejected the calendar (ParserError, floating time, duplicate UID…)."""


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot run the ical.js check")
    return node


def _ensure_installed() -> None:
    if (JS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("ical.js is not installed and npm is missing: run `npm install --prefix tests/js`")
    subprocess.run(
        [npm, "install", "--prefix", str(JS_DIR), "--no-audit", "--no-fund"],
        check=True,
        capture_output=True,
        timeout=300,
    )


def icaljs_instants(ics: bytes | str) -> dict[str, tuple[str, str, str]]:
    """{uid: (start, end, zone)} as ical.js reads them: ISO UTC instants (or dates for all-day items).

    Raises IcalJsError when ical.js fails or finds a floating time.
    """
    node = _node()
    _ensure_installed()
    data = ics.encode("utf-8") if isinstance(ics, str) else ics
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calendar.ics"
        path.write_bytes(data)
        done = subprocess.run([node, str(_SCRIPT), str(path)], capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise IcalJsError(f"ical.js exit {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
    parsed: dict[str, list[str]] = json.loads(done.stdout)
    return {uid: (start, end, zone) for uid, (start, end, zone) in parsed.items()}
