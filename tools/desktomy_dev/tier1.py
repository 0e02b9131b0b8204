# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier 1, no Odoo needed: pylint-odoo, ruff, and pytest on ``tests/``."""

import subprocess

from .common import LOG_DIR, REPO, say, venv_python
from .summary import junit_counts


def addon_dirs():
    return sorted(path.parent.name for path in REPO.glob("*/__manifest__.py"))


def _tool(name, args):
    say(f"tier 1: {name}")
    proc = subprocess.run([str(venv_python()), "-m", *args], cwd=REPO)
    return proc.returncode == 0


def run(totals):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    addons = addon_dirs()
    totals.check(
        "pylint-odoo (.pylintrc-mandatory)",
        _tool(
            "pylint-odoo",
            ["pylint", "--rcfile=.pylintrc-mandatory", "--score=n", *addons],
        ),
    )
    ruff_ok = _tool("ruff check", ["ruff", "check", "--no-fix", "."])
    ruff_ok = _tool("ruff format --check", ["ruff", "format", "--check", "."]) and (
        ruff_ok
    )
    totals.check("ruff (check and format)", ruff_ok)
    junit = LOG_DIR / "tier1-pytest.xml"
    junit.unlink(missing_ok=True)
    say("tier 1: pytest tests/")
    proc = subprocess.run(
        [
            str(venv_python()),
            "-m",
            "pytest",
            "-p",
            "no:odoo",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rfEs",
            f"--junitxml={junit}",
            "tests",
        ],
        cwd=REPO,
    )
    if junit.exists():
        passed, failed, skipped = junit_counts(junit)
    else:
        passed, failed, skipped = 0, 0, 0
    if proc.returncode and not failed:
        failed = 1  # pytest itself failed (collection, usage, no tests)
    if passed + failed + skipped == 0:
        failed = 1
    if failed:
        totals.problems.append("pytest tests/")
    totals.add(passed, failed, skipped)
    totals.tiers.append("tier 1 (no Odoo) ran")
