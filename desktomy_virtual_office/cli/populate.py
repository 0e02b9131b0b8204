# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``odoo-bin desktomy-populate``: build a realistic virtual office database."""

import logging
import optparse
import sys
import time
from pathlib import Path

import odoo
from odoo.cli import Command
from odoo.modules.registry import Registry

from ..populate import SIZES, populate_models

_logger = logging.getLogger(__name__)


class DesktomyPopulate(Command):
    """Populate a database with virtual office clients, items and usage"""

    name = "desktomy-populate"

    def run(self, cmdargs):
        parser = odoo.tools.config.parser
        parser.prog = f"{Path(sys.argv[0]).name} {self.name}"
        group = optparse.OptionGroup(parser, "Virtual office populate")
        group.add_option(
            "--size",
            dest="populate_size",
            type="choice",
            choices=SIZES,
            default="small",
            help="small: 50 clients, 2,000 items; medium: 500 clients, 30,000 "
            "items; large: 5,000 clients, 300,000 items (about two usage lines "
            "per item).",
        )
        group.add_option(
            "--models",
            dest="populate_models",
            help="Comma-separated models (default: all that can be populated; "
            "their dependencies are always populated first).",
        )
        group.add_option(
            "--no-dependencies",
            dest="populate_dependencies",
            action="store_false",
            default=True,
            help="Populate only the models given with --models, on top of the "
            "data already in the database, e.g. --models desktomy.mail.handover "
            "--no-dependencies adds handovers to the collected items of a "
            "database populated before.",
        )
        parser.add_option_group(group)
        opt = odoo.tools.config.parse_config(cmdargs, setup_logging=True)
        dbname = odoo.tools.config["db_name"]
        if not dbname or "," in dbname:
            sys.exit("Give one database with -d.")
        models = opt.populate_models.split(",") if opt.populate_models else None
        start = time.time()
        registry = Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            result = populate_models(
                env, opt.populate_size, models, opt.populate_dependencies
            )
            # fresh statistics for the query planner, as autovacuum would do
            cr.execute("ANALYZE")
        _logger.info(
            "desktomy-populate %s done in %.1f s: %s",
            opt.populate_size,
            time.time() - start,
            ", ".join(f"{name}: {len(records)}" for name, records in result.items()),
        )
