# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Counting checks over both tiers and printing the one summary line."""

from dataclasses import dataclass, field


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    tiers: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def add(self, passed=0, failed=0, skipped=0):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped

    def check(self, name, ok):
        """Count a whole tool run (pylint, ruff) as one check."""
        self.add(passed=int(ok), failed=int(not ok))
        self.problems += [] if ok else [name]

    @property
    def ok(self):
        return self.failed == 0

    def line(self):
        return (
            f"summary: {self.passed} passed, {self.failed} failed, "
            f"{self.skipped} skipped"
        )


def junit_counts(path):
    """Return ``(passed, failed, skipped)`` from a pytest JUnit XML file."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    tests = failed = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failed - skipped, failed, skipped
