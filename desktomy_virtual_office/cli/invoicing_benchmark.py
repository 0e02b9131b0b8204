# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``odoo-bin desktomy-invoicing-benchmark``: the wall-clock time of a month's
invoicing run with N cron workers.

A run commits its invoices, so this command works on a copy of the populated
database (``<db>_invoicing``, made from it as a template and dropped at the
end unless ``--keep``). In the copy it starts the run of the previous month
as the office administrator does (``desktomy.billing.invoice.run._start``),
then forks ``--cron-workers`` processes that each do what an Odoo cron worker does
(``ir.cron._process_jobs``, the real cron machinery: job locks, batched cron,
commits) until the run has ended. The other crons of the copy are postponed
so that only the runs' crons are due. It prints the run's figures: clients,
invoices, errors, wall-clock time, time and queries per client.
"""

import logging
import multiprocessing
import optparse
import sys
import threading
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

import odoo
from odoo import fields
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import SQL

from ..models.desktomy_billing_invoice_run import WORKER_CRONS

_logger = logging.getLogger(__name__)


def _worker(dbname, run_id, deadline, queue):
    """One cron worker: process the ready jobs until the run has ended."""
    thread = threading.current_thread()
    thread.query_count, thread.query_time = 0, 0.0
    try:
        registry = Registry(dbname)
        IrCron = registry["ir.cron"]
        while time.monotonic() < deadline:
            IrCron._process_jobs(dbname)
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT state FROM desktomy_billing_invoice_run WHERE id = %s",
                    [run_id],
                )
                if cr.fetchone()[0] in ("done", "failed"):
                    break
            time.sleep(0.05)
    finally:
        queue.put(thread.query_count)


class DesktomyInvoicingBenchmark(Command):
    """Time a month's invoicing run with N cron workers (on a copy)"""

    name = "desktomy-invoicing-benchmark"

    def run(self, cmdargs):
        parser = odoo.tools.config.parser
        parser.prog = f"{Path(sys.argv[0]).name} {self.name}"
        group = optparse.OptionGroup(parser, "Virtual office invoicing benchmark")
        group.add_option(
            "--cron-workers",
            dest="invoicing_workers",
            type="int",
            default=2,
            help="Cron worker processes (at most one per runs' cron: %d)."
            % len(WORKER_CRONS),
        )
        group.add_option(
            "--keep",
            dest="invoicing_keep",
            action="store_true",
            help="Keep the copy of the database (<db>_invoicing).",
        )
        group.add_option(
            "--timeout", dest="invoicing_timeout", type="int", default=1800
        )
        parser.add_option_group(group)
        opt = odoo.tools.config.parse_config(cmdargs, setup_logging=True)
        source = odoo.tools.config["db_name"]
        if not source or "," in source:
            sys.exit("Give one database with -d.")
        workers = min(max(opt.invoicing_workers, 1), len(WORKER_CRONS))
        copy = f"{source}_invoicing"
        self._copy(source, copy)
        try:
            run_id, clients = self._start(copy)
            odoo.sql_db.close_all()
            context = multiprocessing.get_context("fork")
            queue = context.Queue()
            deadline = time.monotonic() + opt.invoicing_timeout
            started = time.monotonic()
            processes = [
                context.Process(target=_worker, args=(copy, run_id, deadline, queue))
                for _index in range(workers)
            ]
            for process in processes:
                process.start()
            queries = sum(queue.get() for _process in processes)
            for process in processes:
                process.join()
            elapsed = time.monotonic() - started
            self._report(copy, run_id, clients, workers, elapsed, queries)
        finally:
            odoo.sql_db.close_all()
            if not opt.invoicing_keep:
                self._drop(copy)

    def _copy(self, source, copy):
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr._cnx.autocommit = True
            cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(copy)))
            cr.execute(
                SQL(
                    "CREATE DATABASE %s TEMPLATE %s",
                    SQL.identifier(copy),
                    SQL.identifier(source),
                )
            )

    def _drop(self, copy):
        odoo.sql_db.close_db(copy)
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr._cnx.autocommit = True
            cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(copy)))

    def _start(self, copy):
        registry = Registry(copy)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            crons = env["ir.cron"].browse(env.ref(xmlid).id for xmlid in WORKER_CRONS)
            # (the copy is thrown away: only the runs' crons are due in it)
            cr.execute(
                "UPDATE ir_cron SET nextcall = now() + interval '1 day' "
                "WHERE id NOT IN %s",
                [tuple(crons.ids)],
            )
            cr.execute(
                "DELETE FROM ir_cron_trigger WHERE cron_id NOT IN %s",
                [tuple(crons.ids)],
            )
            admin = env.ref("base.user_admin")
            admin.groups_id |= env.ref(
                "desktomy_virtual_office.group_desktomy_manager"
            ) | env.ref("account.group_account_invoice")
            today = fields.Date.context_today(admin)
            month = today.replace(day=1) - relativedelta(months=1)
            Run = env["desktomy.billing.invoice.run"].with_user(admin)
            if Run.sudo().search_count([("month", "=", month)]):
                sys.exit(f"{month:%B %Y} already has an invoicing run in {copy}.")
            run = Run.with_context(**admin.context_get())._start(month)
            _logger.info(
                "%s: %d clients to invoice in %s",
                run.display_name,
                run.clients_total,
                copy,
            )
            return run.id, run.clients_total

    def _report(self, copy, run_id, clients, workers, elapsed, queries):
        registry = Registry(copy)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            run = env["desktomy.billing.invoice.run"].browse(run_id)
            invoices = run.link_ids.move_id
            lines = env["account.move.line"].search_count(
                [("move_id", "in", invoices.ids), ("display_type", "=", "product")]
            )
            done = max(run.clients_done, 1)
            sys.stdout.write(
                "| Run | Workers | Clients | Invoices | Lines | Errors | State "
                "| Wall (s) | ms / client | Queries | Queries / client |\n"
                "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n"
                f"| {run.display_name} | {workers} | {clients:,} | "
                f"{len(invoices):,} | {lines:,} | {run.error_count:,} | {run.state} "
                f"| {elapsed:.1f} | {1000 * elapsed / done:.1f} | {queries:,} "
                f"| {queries / done:.2f} |\n"
            )
