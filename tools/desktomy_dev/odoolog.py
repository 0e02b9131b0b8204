# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The counts of an ``odoo-bin --test-enable`` log, for the summary line
(whether the log is clean is ``checklog-odoo``'s verdict)."""

import re
from dataclasses import dataclass, field

#: ``2026-01-01 10:00:00,123 4242 INFO db logger.name: message``
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.\-]+): (?P<message>.*)$"
)
RESULT = re.compile(r"^(\d+) failed, (\d+) error\(s\) of (\d+) tests")
FAILURE = re.compile(r"^(FAIL|ERROR): (\S+)")
SKIPPED = re.compile(r"^skipped (\S+) : (.*)$")


@dataclass
class OdooTestReport:
    tests: int = 0
    failed: int = 0
    result_lines: int = 0
    tours: int = 0
    failing_tests: list = field(default_factory=list)
    skipped_tests: list = field(default_factory=list)
    skipped = property(lambda self: len(self.skipped_tests))
    failed_total = property(lambda self: max(self.failed, len(self.failing_tests)))
    passed = property(
        lambda self: max(self.tests - self.failed_total - self.skipped, 0)
    )


def parse(lines):
    """Parse log lines (an iterable of str) into an :class:`OdooTestReport`."""
    report = OdooTestReport()
    for raw in lines:
        match = LINE.match(raw.rstrip("\n"))
        if not match:
            continue  # continuation lines: tracebacks, multi-line messages
        level, logger, message = match.group("level", "logger", "message")
        result = RESULT.match(message)
        if logger == "odoo.tests.result" and result:
            report.result_lines += 1
            report.failed += int(result[1]) + int(result[2])
            report.tests += int(result[3])
        elif level == "INFO" and SKIPPED.match(message):
            report.skipped_tests.append("%s (%s)" % SKIPPED.match(message).groups())
        elif level == "INFO" and message.rstrip() == "tour succeeded":
            report.tours += logger.endswith(".browser")
        elif level == "ERROR" and FAILURE.match(message) and ".tests" in logger:
            report.failing_tests.append(" ".join(FAILURE.match(message).groups()))
    return report
