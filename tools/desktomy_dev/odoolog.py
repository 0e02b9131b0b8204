# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reading an ``odoo-bin --test-enable`` log: results, failures, skips, errors."""

import re
from dataclasses import dataclass, field

#: ``2026-01-01 10:00:00,123 4242 INFO db logger.name: message``
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|RUNBOT) "
    r"(?P<db>\S+) (?P<logger>[\w.\-]+): (?P<message>.*)$"
)
RESULT = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests"
)
FAILURE = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<test>\S+)")
SKIPPED = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")
TOUR_DONE = "tour succeeded"


@dataclass
class OdooTestReport:
    tests: int = 0
    failed: int = 0
    errors: int = 0
    result_lines: int = 0
    failing_tests: list = field(default_factory=list)
    skipped_tests: list = field(default_factory=list)
    other_errors: list = field(default_factory=list)
    tours: int = 0

    @property
    def skipped(self):
        return len(self.skipped_tests)

    @property
    def failed_total(self):
        """Failed tests, errored tests and error lines outside the tests."""
        tests = max(self.failed + self.errors, len(self.failing_tests))
        return tests + len(self.other_errors)

    @property
    def passed(self):
        tests_failed = max(self.failed + self.errors, len(self.failing_tests))
        return max(self.tests - tests_failed - self.skipped, 0)


def parse(lines):
    """Parse log lines (an iterable of str) into an :class:`OdooTestReport`."""
    report = OdooTestReport()
    for raw in lines:
        match = LINE.match(raw.rstrip("\n"))
        if not match:
            continue  # continuation lines: tracebacks, multi-line messages
        level, logger = match["level"], match["logger"]
        message = match["message"].rstrip()
        if logger == "odoo.tests.result":
            result = RESULT.match(message)
            if result:
                report.result_lines += 1
                report.tests += int(result["tests"])
                report.failed += int(result["failed"])
                report.errors += int(result["errors"])
                continue
        skipped = SKIPPED.match(message)
        if level == "INFO" and skipped:
            report.skipped_tests.append(f"{skipped['test']} ({skipped['reason']})")
            continue
        if level == "INFO" and message == TOUR_DONE and logger.endswith(".browser"):
            report.tours += 1
            continue
        if level in ("ERROR", "CRITICAL"):
            failure = FAILURE.match(message)
            if failure and ".tests" in logger:
                report.failing_tests.append(f"{failure['kind']}: {failure['test']}")
            elif not _is_test_logger(logger):
                report.other_errors.append(f"{level} {logger}: {message}")
    return report


def _is_test_logger(logger):
    """Loggers of test modules (and their browser) report inside a test."""
    return ".tests." in logger or logger.endswith(".tests") or logger == "odoo.tests"
