"""The import contracts of pyproject.toml (issue 14 §1): `make lint` fails on an import cycle or a layer violation.

A copy of `src/dialogue` in a temporary folder gets five deliberate imports (cycles, imports going up a layer
or back to the composition root, one out of core), and `lint-imports` runs with the project's own configuration
on it: every contract breaks and names the import. The real tree keeps them all. import-linter reads the sources
without importing them; both runs go side by side (about a second each).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "pyproject.toml"
LINT = (
    "from importlinter.cli import lint_imports_command; import sys; sys.argv[0] = 'lint-imports'; "
    "sys.exit(lint_imports_command())"
)

#: Deliberate imports added to the copy: (file, imported module, contract that names it).
DELIBERATE = [
    # consultations sits below meetings, which already imports it: an import going up, and a cycle.
    ("consultations/rules.py", "dialogue.meetings.rules", "layers from the composition root down to core"),
    # web serves the pages through app.state.error_pages; importing them again closes the web ↔ pages cycle.
    ("web/problems.py", "dialogue.pages.controllers", "layers from the composition root down to core"),
    # core imports no module (and settings imports core: a cycle too).
    ("core/clock.py", "dialogue.settings", "core imports no module of dialogue"),
    # a module registering itself with the composition root: the table is read downward only.
    ("registers/pages.py", "dialogue.bootstrap", "layers from the composition root down to core"),
    # audit and auth are siblings that may import each other, but not both ways (auth's service writes the log).
    ("audit/tables.py", "dialogue.auth.tables", "no import cycle between sibling packages or modules, at any depth"),
]
CONTRACTS = [
    "core imports no module of dialogue",
    "layers from the composition root down to core",
    "no import cycle between sibling packages or modules, at any depth",
]


def _start(src: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "200"}
    command = [sys.executable, "-c", LINT, "--no-cache", "--no-logo", str(CONFIG)]
    return subprocess.Popen(
        command, cwd=src.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _verdicts(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(.+?) (KEPT|BROKEN)\b", output, flags=re.MULTILINE))


def _copy_with(folder: Path, imports: list[tuple[str, str, str]]) -> Path:
    """A copy of src/dialogue with `imports` appended to their files."""
    src = folder / "src"
    shutil.copytree(ROOT / "src" / "dialogue", src / "dialogue", ignore=shutil.ignore_patterns("__pycache__"))
    for relative, imported, _ in imports:
        target = src / "dialogue" / relative
        target.write_text(target.read_text(encoding="utf-8") + f"\nimport {imported}  # deliberate\n", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """The real tree and a copy with the deliberate imports, linted side by side."""
    started = {
        "real": _start(ROOT / "src"),
        "deliberate": _start(_copy_with(tmp_path_factory.mktemp("deliberate"), DELIBERATE)),
        # The cycle alone: with every deliberate import, the cycle report lists so many package pairs that
        # import-linter cuts it short (« and 35 more ») before naming it.
        "cycle": _start(_copy_with(tmp_path_factory.mktemp("cycle"), [d for d in DELIBERATE if d[2] == CONTRACTS[2]])),
    }
    results = {}
    for name, process in started.items():
        output, _ = process.communicate(timeout=60)
        results[name] = (process.returncode, output)
    return results


def test_the_real_tree_keeps_every_contract(runs: dict[str, tuple[int, str]]) -> None:
    returncode, output = runs["real"]
    assert returncode == 0, output
    assert _verdicts(output) == dict.fromkeys(CONTRACTS, "KEPT"), output


def test_deliberate_cycles_and_upward_imports_break_the_contracts(runs: dict[str, tuple[int, str]]) -> None:
    returncode, output = runs["deliberate"]
    assert returncode == 1, output
    assert _verdicts(output) == dict.fromkeys(CONTRACTS, "BROKEN"), output


@pytest.mark.parametrize(("relative", "imported", "contract"), DELIBERATE)
def test_each_deliberate_import_is_named_under_its_contract(
    runs: dict[str, tuple[int, str]], relative: str, imported: str, contract: str
) -> None:
    _, output = runs["cycle" if contract == CONTRACTS[2] else "deliberate"]
    importer = "dialogue." + relative.removesuffix(".py").replace("/", ".")
    report = output.split("Broken contracts", 1)[1]
    starts = sorted(report.index(f"\n{name}\n") for name in CONTRACTS if f"\n{name}\n" in report)
    start = report.index(f"\n{contract}\n")
    section = report[start : next((s for s in starts if s > start), len(report))]
    if contract == CONTRACTS[2]:  # the cycle report names the sibling packages: ".audit -> .auth"
        assert f".{relative.split('/')[0]} -> .{imported.split('.')[1]} " in section, output
    else:
        assert f"{importer} -> {imported}" in section, output
