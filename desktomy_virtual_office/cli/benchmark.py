# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``odoo-bin desktomy-benchmark``: time the mailroom's hot paths.

Every operation runs once to warm the caches, then ``--runs`` times; each run
of an operation that writes happens in a transaction that is rolled back, so
the benchmark can be repeated on the same database. SQL queries are counted
with ``odoo.sql_db.sql_counter`` (in this process) or, for the portal pages,
from the query count the server logs for each request.
"""

import logging
import optparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from dateutil.relativedelta import relativedelta
from lxml import etree

import odoo
from odoo import fields
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import file_open

_logger = logging.getLogger(__name__)

#: A 1x1 PNG, the "signature" of the handover benchmark.
SIGNATURE_PNG = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB"
    b"0C8AAAAASUVORK5CYII="
)
#: The request line and the performance info ("queries query-time other-time")
#: of Odoo's werkzeug log.
REQUEST_LOG = re.compile(
    r'"GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ (?P<queries>\d+) '
)


def web_specification(model, view_type="list", view_ref=None):
    """The ``specification`` the web client sends for a view of ``model``."""
    views = model.get_views([(view_ref and model.env.ref(view_ref).id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    model_fields = views["models"][model._name]["fields"]
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue  # a field of a sub-view
        name = node.get("name")
        field = model_fields.get(name, {})
        if field.get("type") in ("many2one", "many2many", "one2many"):
            sub = {"display_name": {}}
            if node.get("widget") == "many2many_tags":
                sub["color"] = {}
            spec[name] = {"fields": sub}
        else:
            spec[name] = {}
    return spec


class Operation:
    """One line of the table."""

    def __init__(self, name, size, run, setup=None, write=False):
        self.name = name
        self.size = size
        self.run = run
        self.setup = setup
        self.write = write


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
            help="Skip the portal pages (they start a server on --http-port).",
        )
        parser.add_option_group(group)
        opt = odoo.tools.config.parse_config(cmdargs, setup_logging=True)
        self.dbname = odoo.tools.config["db_name"]
        if not self.dbname or "," in self.dbname:
            sys.exit("Give one database with -d.")
        self.runs = max(opt.benchmark_runs, 1)
        self.only = [text for text in opt.benchmark_only.split("|") if text]
        self.registry = Registry(self.dbname)
        rows = []
        with self._cursor(rollback=True) as env:
            self.sizes = self._database_sizes(env)
        for operation in self._operations():
            if self.only and not any(text in operation.name for text in self.only):
                continue
            rows.append(self._measure(operation))
        try:
            if not opt.benchmark_skip_portal and (
                not self.only or any("/my/" in text for text in self.only)
            ):
                rows += self._measure_portal()
        finally:
            self._print(rows)

    # ------------------------------------------------------------------
    # Measuring
    # ------------------------------------------------------------------

    @contextmanager
    def _cursor(self, rollback):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            try:
                yield env
            finally:
                if rollback:
                    cr.rollback()

    def _measure(self, operation):
        timings, queries, size = [], [], operation.size
        # one warm-up run (caches, templates, wkhtmltopdf), then the measured ones
        for index in range(self.runs + 1):
            with self._cursor(rollback=True) as env:
                state = operation.setup(env) if operation.setup else None
                env.flush_all()
                env.invalidate_all()
                count = odoo.sql_db.sql_counter
                start = time.perf_counter()
                result = operation.run(env, state)
                env.flush_all()
                elapsed = time.perf_counter() - start
                count = odoo.sql_db.sql_counter - count
            if isinstance(result, str):
                size = result
            if index:
                timings.append(elapsed)
                queries.append(count)
        _logger.info("%s: %s queries, %s", operation.name, queries, timings)
        return (operation.name, size, queries, timings)

    def _print(self, rows):
        sizes = ", ".join(f"{value:,} {label}" for label, value in self.sizes.items())
        lines = [
            f"Database {self.dbname}: {sizes}; {self.runs} runs after one warm-up; "
            f"{os.cpu_count()} CPU(s)",
            "",
            "| Operation | Data size | SQL queries | Median (ms) | Worst (ms) |",
            "|---|---|---:|---:|---:|",
        ]
        for name, size, queries, timings in rows:
            query_text = (
                str(queries[0])
                if len(set(queries)) == 1
                else f"{min(queries)}-{max(queries)}"
            )
            lines.append(
                f"| {name} | {size} | {query_text} | "
                f"{statistics.median(timings) * 1000:.0f} | "
                f"{max(timings) * 1000:.0f} |"
            )
        sys.stdout.write("\n".join(lines) + "\n")

    def _database_sizes(self, env):
        Partner = env["res.partner"]
        return {
            "clients": Partner.search_count([("desktomy_is_client", "=", True)]),
            "partners": Partner.with_context(active_test=False).search_count([]),
            "items": env["desktomy.mail"].search_count([]),
            "usage lines": env["desktomy.service.usage"].search_count([]),
        }

    # ------------------------------------------------------------------
    # Operations
    # ------------------------------------------------------------------

    def _desk_env(self, env):
        """The receptionist of the populated database (or the administrator)."""
        user = env["res.users"].search([("login", "=", "desk@populate.example.com")])
        user = user or env.ref("base.user_admin")
        return env(user=user, context=user.context_get())

    def _clients(self, env, count, order="id"):
        return env["res.partner"].search(
            [("desktomy_is_client", "=", True), ("email", "!=", False)],
            order=order,
            limit=count,
        )

    def _operations(self):
        operations = [
            Operation(
                "Register + notify (items with scans)",
                "200 items / 40 clients",
                self._run_register_notify,
                setup=self._setup_register_notify,
                write=True,
            ),
        ]
        with self._cursor(rollback=True) as env:
            has_handover = "desktomy.mail.handover.wizard" in env
        if has_handover:
            operations += [
                Operation(
                    "Handover wizard, signed, receipt PDF",
                    "50 clients x 20 items",
                    self._run_handover_pdf,
                    setup=self._setup_handover,
                    write=True,
                ),
                Operation(
                    "Handover wizard, without digital confirmation",
                    "50 clients x 20 items",
                    self._run_handover_plain,
                    setup=self._setup_handover,
                    write=True,
                ),
            ]
        operations += [
            Operation(
                "Billing summary, one client, 12 months",
                "1 client",
                self._run_summary_client,
                setup=self._setup_summary_client,
            ),
            Operation(
                "Billing summary screen, all clients, 1 month",
                f"{self.sizes['clients']:,} clients",
                self._run_summary_all,
            ),
            Operation(
                "Item list, first page (Browse Mail, waiting)",
                "80 rows",
                self._run_item_list,
            ),
            Operation(
                "Stock: Customers list, first page (res.partner)",
                "80 rows",
                self._run_partner_list,
            ),
        ]
        return operations

    def _setup_register_notify(self, env):
        desk = self._desk_env(env)
        clients = self._clients(env, 40)
        with file_open("desktomy_virtual_office/demo/scan_letter.pdf", "rb") as file:
            content = file.read()
        return desk, clients, content

    def _run_register_notify(self, env, state):
        desk, clients, content = state
        scans = desk["ir.attachment"].create(
            [
                {
                    "name": f"scan-{index}.pdf",
                    "raw": content,
                    "res_model": "desktomy.mail",
                }
                for index in range(200)
            ]
        )
        items = desk["desktomy.mail"].create(
            [
                {
                    "partner_id": clients[index % len(clients)].id,
                    "sender": "Benchmark",
                    "kind": "letter",
                    "scan_ids": [odoo.Command.set(scans[index].ids)],
                }
                for index in range(200)
            ]
        )
        items.action_notify()
        return f"200 items / {len(clients)} clients"

    def _setup_handover(self, env):
        """50 clients with (at least) 20 items each waiting for pickup."""
        Mail = env["desktomy.mail"]
        clients = self._clients(env, 50, order="id desc")
        waiting = dict.fromkeys(clients.ids, 0)
        for partner, count in Mail._read_group(
            [
                ("partner_id", "in", clients.ids),
                ("state", "in", ("received", "notified")),
            ],
            ["partner_id"],
            ["__count"],
        ):
            waiting[partner.id] = count
        Mail.with_context(tracking_disable=True).create(
            [
                {"partner_id": client.id, "sender": "Benchmark"}
                for client in clients
                for _index in range(max(20 - waiting[client.id], 0))
            ]
        )
        person = clients[0].desktomy_authorized_person_ids[:1]
        return self._desk_env(env), clients, person

    def _handover(self, state, digital):
        desk, clients, person = state
        vals = {
            "partner_ids": [odoo.Command.set(clients.ids)],
            "digital_confirmation": digital,
        }
        if digital:
            vals["signature"] = SIGNATURE_PNG
        wizard = desk["desktomy.mail.handover.wizard"].create(vals)
        wizard.action_handover()
        items = desk["desktomy.mail"].search_count(
            [
                ("partner_id", "in", clients.ids),
                ("state", "=", "collected"),
                (
                    "collected_datetime",
                    ">=",
                    fields.Datetime.now() - relativedelta(minutes=5),
                ),
            ]
        )
        return f"{len(clients)} clients, {items} items"

    def _run_handover_pdf(self, env, state):
        return self._handover(state, digital=True)

    def _run_handover_plain(self, env, state):
        return self._handover(state, digital=False)

    def _busiest_client(self, env):
        rows = env["desktomy.service.usage"]._read_group(
            [], ["partner_id"], ["__count"], order="__count desc", limit=1
        )
        return rows[0][0] if rows else env["res.partner"]

    def _setup_summary_client(self, env):
        client = self._busiest_client(env)
        today = fields.Date.context_today(env["res.partner"])
        date_from = today.replace(day=1) - relativedelta(months=11)
        date_to = today.replace(day=1) + relativedelta(months=1, days=-1)
        return client, date_from, date_to

    def _run_summary_client(self, env, state):
        """Open one client of the summaries (its per-service table), 12 months."""
        client, date_from, date_to = state
        desk = self._desk_env(env)
        Report = desk["desktomy.billing.report"].with_context(
            desktomy_billing_date_from=fields.Date.to_string(date_from),
            desktomy_billing_date_to=fields.Date.to_string(date_to),
        )
        Report.browse(client.id).web_read(web_specification(Report, view_type="form"))
        lines = env["desktomy.service.usage"].search_count(
            [("partner_id", "=", client.id), ("date", ">=", date_from)]
        )
        return f"1 client, {lines:,} usage lines"

    def _run_summary_all(self, env, state):
        """What the web client does when Billing > Summaries opens: load the
        menu's action, the first page of the list, the totals of its header."""
        desk = self._desk_env(env)
        action = (
            desk.ref("desktomy_virtual_office.desktomy_billing_report_action")
            .sudo()
            ._get_action_dict()
        )
        Report = desk[action["res_model"]].with_context(bin_size=True)
        page = Report.web_search_read(
            [],
            web_specification(Report),
            offset=0,
            limit=80,
            order="",
            count_limit=10001,
        )
        totals = Report.get_billing_totals([])
        return f"80 of {page['length']:,} clients, {totals['clients']:,} in totals"

    def _run_item_list(self, env, state):
        desk = self._desk_env(env)
        Mail = desk["desktomy.mail"].with_context(
            search_default_filter_waiting=1, bin_size=True
        )
        spec = web_specification(Mail)
        result = Mail.web_search_read(
            [("state", "in", ("received", "notified"))],
            spec,
            offset=0,
            limit=80,
            order="",
            count_limit=10001,
        )
        return f"80 of {result['length']:,} waiting items"

    def _run_partner_list(self, env, state):
        desk = self._desk_env(env)
        Partner = desk["res.partner"].with_context(
            res_partner_search_mode="customer", bin_size=True
        )
        spec = web_specification(Partner, view_ref="base.view_partner_tree")
        result = Partner.web_search_read(
            [], spec, offset=0, limit=80, order="", count_limit=10001
        )
        return f"80 of {result['length']:,} partners"

    # ------------------------------------------------------------------
    # Portal pages: real HTTP requests to a server started here
    # ------------------------------------------------------------------

    def _portal_user(self, env):
        """A populated portal user who represents (at least) three clients."""
        users = env["res.users"].search(
            [("share", "=", True), ("login", "=like", "person%@populate.example.com")],
            order="id",
        )
        users = users.filtered(
            lambda user: len(user.partner_id.desktomy_represented_client_ids) == 3
        ) or users.filtered(
            lambda user: len(user.partner_id.desktomy_represented_client_ids) > 3
        )
        return users[:1]

    def _measure_portal(self):
        with self._cursor(rollback=False) as env:
            user = self._portal_user(env)
            company = env.ref("base.main_company")
            if not user or "desktomy_portal_billing_summary" not in company._fields:
                _logger.warning("No portal user or desktomy_portal: no portal pages")
                return []
            # the billing page is off until the company switches it on
            company.desktomy_portal_billing_summary = True
            login = user.login
            clients = user.partner_id.desktomy_represented_client_ids
            # the represented client with the most items
            counts = dict(
                env["desktomy.mail"]._read_group(
                    [("partner_id", "in", clients.ids)], ["partner_id"], ["__count"]
                )
            )
            client = max(clients, key=lambda c: counts.get(c, 0))
            client_items = counts.get(client, 0)
        port = odoo.tools.config["http_port"]
        base = f"http://127.0.0.1:{port}"
        logfile = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
        command = [
            sys.executable,
            sys.argv[0],
            "server",
            f"--addons-path={odoo.tools.config['addons_path']}",
            "-d",
            self.dbname,
            f"--db-filter=^{self.dbname}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--max-cron-threads=0",
            "--workers=0",
            f"--logfile={logfile}",
            "--log-handler=werkzeug:INFO",
        ]
        if odoo.tools.config.rcfile and os.path.exists(odoo.tools.config.rcfile):
            command[3:3] = ["-c", odoo.tools.config.rcfile]
        server = subprocess.Popen(command)  # noqa: S603 (our own odoo-bin)
        rows = []
        try:
            session = requests.Session()
            deadline = time.time() + 120
            while True:
                try:
                    session.get(f"{base}/web/login", timeout=60)
                    break
                except (requests.ConnectionError, requests.Timeout) as error:
                    if time.time() > deadline or server.poll() is not None:
                        raise RuntimeError(
                            f"The server did not start, see {logfile}"
                        ) from error
                    time.sleep(1)
            response = session.post(
                f"{base}/web/session/authenticate",
                json={
                    "params": {
                        "db": self.dbname,
                        "login": login,
                        "password": "desktomy-populate",
                    }
                },
                timeout=60,
            )
            response.raise_for_status()
            client_id = client.id
            pages = [
                (
                    "Portal /my/billing (3 clients)",
                    f"/my/billing?client_id={client_id}",
                ),
                ("Portal /my/mail (3 clients)", f"/my/mail?client_id={client_id}"),
            ]
            for name, path in pages:
                timings = []
                for index in range(self.runs + 1):
                    start = time.perf_counter()
                    response = session.get(base + path, timeout=60)
                    elapsed = time.perf_counter() - start
                    if response.status_code != 200:
                        raise RuntimeError(f"{path}: HTTP {response.status_code}")
                    if index:
                        timings.append(elapsed)
                time.sleep(0.5)
                queries = self._logged_queries(logfile, path)[1:]
                rows.append(
                    (name, f"client with {client_items:,} items", queries, timings)
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
        os.unlink(logfile)
        return rows

    def _logged_queries(self, logfile, path):
        counts = []
        with open(logfile, encoding="utf-8") as log:
            for line in log:
                match = REQUEST_LOG.search(line)
                if match and match["path"] == path:
                    counts.append(int(match["queries"]))
        return counts or [-1]
