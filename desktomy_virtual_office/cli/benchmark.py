# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``odoo-bin desktomy-benchmark``: time the mailroom's hot paths.

The benchmark itself is a test (``tests/test_benchmark.py``, tag
``desktomy_benchmark``) on Odoo's test tooling: this command populates the
database first when it holds no populated data (``--size``), then runs that
test with ``odoo-bin --test-enable --test-tags desktomy_benchmark`` (rolled
back: nothing it does stays in the database) and prints its table.
"""

import logging
import optparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import odoo
from odoo.cli import Command
from odoo.modules.registry import Registry

from ..populate import SIZES, populate_models

_logger = logging.getLogger(__name__)

#: The populated receptionist: a database that has it is populated.
POPULATED_LOGIN = "desk@populate.example.com"


def _without_options(args, names, flags):
    """``args`` without the options ``names`` (with a value) and ``flags``."""
    kept, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in flags or arg.split("=", 1)[0] in names and "=" in arg:
            continue
        elif arg in names:
            skip = True
        else:
            kept.append(arg)
    return kept


class DesktomyBenchmark(Command):
    """Time the mailroom's hot paths on a populated database"""

    name = "desktomy-benchmark"

    def run(self, cmdargs):
        parser = odoo.tools.config.parser
        parser.prog = f"{Path(sys.argv[0]).name} {self.name}"
        group = optparse.OptionGroup(parser, "Virtual office benchmark")
        group.add_option("--runs", dest="benchmark_runs", type="int", default=5)
        group.add_option(
            "--only",
            dest="benchmark_only",
            default="",
            help="Run only the operations whose name contains this text "
            "(several texts separated by '|': any of them).",
        )
        group.add_option(
            "--skip-portal",
            dest="benchmark_skip_portal",
            action="store_true",
            help="Skip the portal pages (HTTP requests to the test server).",
        )
        group.add_option(
            "--size",
            dest="benchmark_size",
            type="choice",
            choices=SIZES,
            help="Populate the database at this size first (desktomy-populate) "
            "if it holds no populated data.",
        )
        parser.add_option_group(group)
        opt = odoo.tools.config.parse_config(cmdargs, setup_logging=True)
        dbname = odoo.tools.config["db_name"]
        if not dbname or "," in dbname:
            sys.exit("Give one database with -d.")
        self._populate_if_needed(dbname, opt.benchmark_size)

        with tempfile.NamedTemporaryFile(suffix=".md", delete=False) as output:
            path = output.name
        environ = dict(
            os.environ,
            DESKTOMY_BENCHMARK_RUNS=str(max(opt.benchmark_runs, 1)),
            DESKTOMY_BENCHMARK_ONLY=opt.benchmark_only,
            DESKTOMY_BENCHMARK_OUTPUT=path,
        )
        if opt.benchmark_skip_portal:
            environ["DESKTOMY_BENCHMARK_SKIP_PORTAL"] = "1"
        args = _without_options(
            cmdargs, {"--runs", "--only", "--size"}, {"--skip-portal"}
        )
        addons = f"--addons-path={odoo.tools.config['addons_path']}"
        command = [sys.executable, sys.argv[0], addons, *args]
        command += ["--test-enable", "--test-tags", "desktomy_benchmark"]
        command += ["--stop-after-init", "--max-cron-threads=0", "--log-level=warn"]
        command += [
            f"--log-handler={__package__.rsplit('.', 1)[0]}.tests.common_benchmark:INFO"
        ]
        try:
            code = subprocess.call(command, env=environ)  # noqa: S603 (our odoo-bin)
            with open(path, encoding="utf-8") as table:
                text = table.read()
        finally:
            os.unlink(path)
        if code or not text:
            sys.exit(f"The benchmark test failed (exit {code}), see the log above.")
        sys.stdout.write(text)

    def _populate_if_needed(self, dbname, size):
        registry = Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if env["res.users"].search_count([("login", "=", POPULATED_LOGIN)]):
                return
            if not size:
                sys.exit(
                    f"{dbname} holds no populated data: give --size (small, medium, "
                    "large) to populate it first."
                )
            _logger.info("Populating %s at %s", dbname, size)
            populate_models(env, size)
            cr.execute("ANALYZE")
