# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier 1, no Odoo needed: pylint-odoo, ruff, and pytest on ``tests/``."""

import subprocess

from .common import LOG_DIR, REPO, say, venv_python
from .summary import junit_counts

JUNIT = LOG_DIR / "tier1-pytest.xml"
#: (name in the summary, module and arguments); each tool counts as one check
TOOLS = (
    ("pylint-odoo (.pylintrc-mandatory)", ["pylint", "--rcfile=.pylintrc-mandatory",
                                           "--score=n"]),
    ("ruff check", ["ruff", "check", "--no-fix", "."]),
    ("ruff format --check", ["ruff", "format", "--check", "."]),
)  # fmt: skip


def _python(*args):
    return subprocess.run([str(venv_python()), "-m", *args], cwd=REPO).returncode


def run(totals):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    addons = sorted(path.parent.name for path in REPO.glob("*/__manifest__.py"))
    for name, args in TOOLS:
        say(f"tier 1: {name}")
        totals.check(name, _python(*args, *(addons if "pylint" in args else ())) == 0)
    JUNIT.unlink(missing_ok=True)
    say("tier 1: pytest tests/")
    code = _python("pytest", "-p", "no:odoo", "-p", "no:cacheprovider", "-q",
                   "-rfEs", f"--junitxml={JUNIT}", "tests")  # fmt: skip
    passed, failed, skipped = junit_counts(JUNIT) if JUNIT.exists() else (0, 0, 0)
    if (code and not failed) or passed + failed + skipped == 0:
        failed += 1  # pytest itself failed (collection, usage, no tests)
    if failed:
        totals.problems.append("pytest tests/")
    totals.add(passed, failed, skipped)
    totals.tiers.append("tier 1 (no Odoo) ran")
