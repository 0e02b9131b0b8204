# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The benchmark of the mailroom's hot paths, on Odoo's test tooling.

An ``HttpCase``: the operations run in the test's transaction (each run in a
savepoint that is rolled back, the whole test rolled back at its end), the
back-office screens as the web client calls them (the handover through
``odoo.tests.Form``), the portal pages as real HTTP requests to the test
server (``url_open``). Queries are counted with Odoo's own counters: the
queries of the test's thread for the operations in this process (so that
wkhtmltopdf's requests for the report's styles are not counted), the queries
of the test cursor, which every request of the test server uses, for the
HTTP rows. Timings are ``time.perf_counter`` medians over the runs.

``test_benchmark.py`` holds the tagged benchmark (``desktomy_benchmark``, not
in the standard suite) and a smoke test of the standard suite; the command
``odoo-bin desktomy-benchmark`` runs the tagged test on a populated database.
"""

import contextlib
import logging
import re
import statistics
import threading
import time
from contextlib import closing
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.tests import Form, HttpCase
from odoo.tools import file_open

from .common_handover import SIGNATURE

_logger = logging.getLogger(__name__)

#: Clients and items per client of the handover rows.
HANDOVER_CLIENTS = 50
HANDOVER_ITEMS = 20
#: The order of the request queue's views (oldest first), as the web client
#: sends it.
QUEUE_ORDER = "requested_datetime ASC, id ASC"
#: States of the items waiting for pickup.
WAITING_STATES = ("received", "notified")
#: Closed items past retention made for the retention purge row.
RETENTION_ITEMS = 200
#: Password of the populated users (``populate/``).
POPULATE_PASSWORD = "desktomy-populate"


def list_specification(model, view_ref=None):
    """The ``specification`` the web client sends for the list view of
    ``model`` (``odoo.tests.Form`` builds it for form views only)."""
    views = model.get_views([(view_ref and model.env.ref(view_ref).id, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
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


def open_billing_summaries(env):
    """What the web client does when Billing > Summaries opens, in ``env``:
    load the menu's action, the first page of the list, the totals of its
    header. Returns ``(page, totals)``."""
    action = (
        env.ref("desktomy_virtual_office.desktomy_billing_report_action")
        .sudo()
        ._get_action_dict()
    )
    Report = env[action["res_model"]]
    page = Report.web_search_read(
        [],
        list_specification(Report),
        offset=0,
        limit=80,
        order="",
        count_limit=10001,
    )
    return page, Report.get_billing_totals([])


def form_read_specification(record):
    """What the web client reads when it opens ``record`` in its form view:
    the fields ``odoo.tests.Form`` reads, with the display name of the
    visible many2one fields (``Form`` reads their ids only)."""
    form = Form(record)
    view = form._view
    return {
        name: {"fields": {"display_name": {}}}
        if view["fields"][name]["type"] == "many2one"
        and not form._get_modifier(name, "invisible")
        else {}
        for name in view["fields_spec"]
    }


class ReportNetworkErrors(logging.Handler):
    """Collect wkhtmltopdf's network errors (styles not loaded) while active."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []
        self.logger = logging.getLogger("odoo.addons.base.models.ir_actions_report")

    def emit(self, record):
        message = record.getMessage()
        if "network error" in message.lower():
            self.messages.append(message)

    def __enter__(self):
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc_info):
        self.logger.removeHandler(self)


class BenchmarkCase(HttpCase):
    """Measure the operations; ``benchmark_rows`` gives the benchmark's rows."""

    #: measured runs of each operation, after ``warmups`` unmeasured ones
    runs = 5
    warmups = 1
    #: texts: only the operations whose name contains one of them
    only = ()
    portal = True

    # ------------------------------------------------------------------
    # Measuring
    # ------------------------------------------------------------------

    def _thread_queries(self):
        thread = threading.current_thread()
        if not hasattr(thread, "query_count"):
            thread.query_count, thread.query_time = 0, 0
        return thread.query_count

    def _measure(self, name, size, run, setup=None, pdf=False):
        """Run ``run(state)`` (``state = setup()``) in a rolled-back savepoint."""
        timings, queries = [], []
        for index in range(self.warmups + self.runs):
            with (
                closing(self.env.cr.savepoint()),
                ReportNetworkErrors() as report_errors,
            ):
                # each run stands for a request of its own: a new transaction
                # (empty caches, environments without their user and company,
                # a first ``now()`` that asks PostgreSQL)
                self.env.cr.reset()
                self.env.cr._now = None
                state = setup() if setup else None
                self.env.flush_all()
                self.env.invalidate_all()
                count = self._thread_queries()
                start = time.perf_counter()
                result = run(state)
                self.env.flush_all()
                elapsed = time.perf_counter() - start
                count = self._thread_queries() - count
                self.env.invalidate_all(flush=False)
                self.env.cr.precommit.clear()
                self.env.cr.postcommit.clear()
            # an unstyled PDF is not the real one: do not time it
            self.assertFalse(
                pdf and report_errors.messages,
                f"{name}: wkhtmltopdf could not load the report's styles",
            )
            size = result if isinstance(result, str) else size
            if index >= self.warmups:
                timings.append(elapsed)
                queries.append(count)
        _logger.info("%s: %s queries, %s", name, queries, timings)
        return (name, size, queries, timings)

    def _measure_http(self, name, size, request, after=None):
        """Time ``request(index)`` (an HTTP request to the test server, which
        checks its answer); its queries are those of the test cursor, which
        the server's request uses."""
        timings, queries = [], []
        for index in range(self.warmups + self.runs):
            self.env.flush_all()
            count = self.env.cr.sql_log_count
            start = time.perf_counter()
            request(index)
            elapsed = time.perf_counter() - start
            count = self.env.cr.sql_log_count - count
            if after:
                after(index)
            if index >= self.warmups:
                timings.append(elapsed)
                queries.append(count)
        _logger.info("%s: %s queries, %s", name, queries, timings)
        return (name, size, queries, timings)

    def _wanted(self, name):
        return not self.only or any(text in name for text in self.only)

    def benchmark_rows(self):
        """Measure every operation; ``[(name, size, queries, timings)]``."""
        # One request first, alone: the server's first request reads the
        # addons' manifests, which two of wkhtmltopdf's parallel requests must
        # not do at once (CPython 3.11's ``ast.parse`` is not thread-safe:
        # "AST constructor recursion depth mismatch").
        self.url_open("/web/login").raise_for_status()
        rows = []
        for name, size, run, setup, pdf in self._operations():
            if self._wanted(name):
                rows.append(self._measure(name, size, run, setup, pdf=pdf))
        rows += self._measure_open_scan()
        if self.portal:
            rows += self._measure_portal()
        return rows

    def database_sizes(self):
        Partner = self.env["res.partner"]
        return {
            "clients": Partner.search_count([("desktomy_is_client", "=", True)]),
            "partners": Partner.with_context(active_test=False).search_count([]),
            "items": self.env["desktomy.mail"].search_count([]),
            "usage lines": self.env["desktomy.service.usage"].search_count([]),
        }

    @staticmethod
    def table(rows, title):
        lines = [
            title,
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
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------
    # Operations in this process
    # ------------------------------------------------------------------

    def _desk_env(self):
        """The receptionist of the populated database (or the administrator)."""
        env = self.env
        user = env["res.users"].search([("login", "=", "desk@populate.example.com")])
        user = user or env.ref("base.user_admin")
        return env(user=user, context=user.context_get())

    def _clients(self, count):
        return self.env["res.partner"].search(
            [("desktomy_is_client", "=", True), ("email", "!=", False)],
            order="id",
            limit=count,
        )

    def _operations(self):
        """``(name, size, run, setup, pdf)`` of the operations in this process."""
        clients = f"{self.database_sizes()['clients']:,} clients"
        handover = f"{HANDOVER_CLIENTS} clients x {HANDOVER_ITEMS} items"
        return [
            (
                "Register + notify (items with scans)",
                "200 items / 40 clients",
                self._run_register_notify,
                self._setup_register_notify,
                False,
            ),
            (
                "Handover wizard (open, add clients, confirm), signed receipt PDF",
                handover,
                self._run_handover_pdf,
                self._setup_handover,
                True,
            ),
            (
                "Handover wizard (open, add clients, confirm), without digital "
                "confirmation",
                handover,
                self._run_handover_plain,
                self._setup_handover,
                False,
            ),
            (
                "Billing summary, one client, 12 months",
                "1 client",
                self._run_summary_client,
                self._setup_summary_client,
                False,
            ),
            (
                "Billing summary screen, all clients, 1 month",
                clients,
                self._run_summary_all,
                None,
                False,
            ),
            (
                "Invoice month (all clients)",
                clients,
                self._run_invoice_month,
                self._setup_invoice_month,
                False,
            ),
            (
                "Item list, first page (Browse Mail, waiting)",
                "80 rows",
                self._run_item_list,
                None,
                False,
            ),
            (
                "Request queue, first page (Requests, pending)",
                "80 rows",
                self._run_request_queue,
                None,
                False,
            ),
            (
                "Request queue, first page (all requests) + overdue count",
                "80 rows",
                self._run_request_queue_all,
                None,
                False,
            ),
            (
                "Submit a request (price preview + submit, as the portal)",
                "1 request, 2 items",
                self._run_request_submit,
                self._setup_request_submit,
                False,
            ),
            (
                "Stock: Customers list, first page (res.partner)",
                "80 rows",
                self._run_partner_list,
                None,
                False,
            ),
            (
                "Retention purge (one batch)",
                f"{RETENTION_ITEMS} closed items past retention",
                self._run_retention_purge,
                self._setup_retention_purge,
                False,
            ),
        ]

    def _setup_retention_purge(self):
        """A retention of 30 days for every kind in the desk's company and
        ``RETENTION_ITEMS`` items with a scan, notified, handed over and
        closed 40 days ago (the populated database has its own)."""
        desk = self._desk_env()
        company = desk.company.sudo()
        company.write(
            {
                "desktomy_retention_scan_days": 30,
                "desktomy_retention_identity_days": 30,
                "desktomy_retention_message_days": 30,
                "desktomy_receipt_email_clients": False,
            }
        )
        with file_open("desktomy_virtual_office/demo/scan_letter.pdf", "rb") as file:
            content = file.read()
        clients = self._clients(10)
        scans = desk["ir.attachment"].create(
            [
                {
                    "name": f"scan-{index}.pdf",
                    "raw": content,
                    "res_model": "desktomy.mail",
                }
                for index in range(RETENTION_ITEMS)
            ]
        )
        items = desk["desktomy.mail"].create(
            [
                {
                    "partner_id": clients[index % len(clients)].id,
                    "sender": "Benchmark",
                    "scan_ids": [Command.set(scans[index].ids)],
                }
                for index in range(RETENTION_ITEMS)
            ]
        )
        items._desktomy_send_notifications()
        for client_items in items.grouped("partner_id").values():
            handover = desk["desktomy.mail.handover"].create(
                {
                    "collector_name": "Anna Nowak",
                    "collector_id_number": "ABC123456",
                    "digital_confirmation": False,
                    "mail_ids": [Command.set(client_items.ids)],
                }
            )
            handover.action_confirm()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE desktomy_mail SET collected_datetime = %s WHERE id IN %s",
            [fields.Datetime.now() - relativedelta(days=40), tuple(items.ids)],
        )
        return company

    def _run_retention_purge(self, company):
        run, __ = self.env["desktomy.retention.run"]._desktomy_purge_company(company)
        return (
            f"1 batch: {run.scan_item_count} items, {run.identity_count} "
            f"handovers, {run.message_count} e-mails"
        )

    def _setup_register_notify(self):
        desk = self._desk_env()
        clients = self._clients(40)
        with file_open("desktomy_virtual_office/demo/scan_letter.pdf", "rb") as file:
            content = file.read()
        return desk, clients, content

    def _run_register_notify(self, state):
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
                    "scan_ids": [Command.set(scans[index].ids)],
                }
                for index in range(200)
            ]
        )
        items.action_notify()
        return f"200 items / {len(clients)} clients"

    def _setup_handover(self):
        """50 clients with exactly 20 items each waiting for pickup."""
        Mail = self.env["desktomy.mail"]
        waiting = {
            partner.id: count
            for partner, count in Mail._read_group(
                [("state", "in", WAITING_STATES)], ["partner_id"], ["__count"]
            )
        }
        clients = self.env["res.partner"].search(
            [("desktomy_is_client", "=", True)], order="id desc"
        )
        clients = clients.filtered(lambda c: waiting.get(c.id, 0) <= HANDOVER_ITEMS)
        clients = clients[:HANDOVER_CLIENTS]
        Mail.with_context(tracking_disable=True).create(
            [
                {"partner_id": client.id, "sender": "Benchmark"}
                for client in clients
                for _index in range(HANDOVER_ITEMS - waiting.get(client.id, 0))
            ]
        )
        desk = self._desk_env()
        company = desk.company.sudo()
        if "desktomy_receipt_email_clients" in company._fields:
            # E-mailing the clients' copies renders one PDF per client: the
            # setting is off for these rows, which time the handover itself.
            company.desktomy_receipt_email_clients = False
        return desk, clients

    def _handover(self, state, digital):
        """Hand over as the web client does: open, add the clients, sign, confirm.

        ``Form`` opens the dialog (``onchange``), the checklist lists the
        clients with waiting mail (first page), the ticked clients are read
        and set on the wizard (``onchange``), the collector's fields are
        filled in (with their onchanges), ``save`` runs ``web_save`` and the
        button ``action_handover``.
        """
        desk, clients = state
        Wizard = desk["desktomy.mail.handover.wizard"]
        if digital:
            # a real PDF, as outside test mode (its styles from the test server)
            Wizard = Wizard.with_context(force_report_rendering=True)
        form = Form(Wizard)
        Wizard.desktomy_client_checklist("", 0, 40)
        clients = desk["res.partner"].browse(clients.ids)
        clients.web_read({"display_name": {}})
        form.partner_ids = clients
        form.collector_name = "Anna Nowak"
        form.collector_id_number = "ABC123456"
        form.digital_confirmation = digital
        if digital:
            form.signature = SIGNATURE
        form.save().action_handover()
        items = desk["desktomy.mail"].search_count(
            [
                ("partner_id", "in", clients.ids),
                ("state", "=", "collected"),
                ("collector_name", "=", "Anna Nowak"),
            ]
        )
        return f"{len(clients)} clients, {items:,} items"

    def _run_handover_pdf(self, state):
        return self._handover(state, digital=True)

    def _run_handover_plain(self, state):
        return self._handover(state, digital=False)

    def _busiest_client(self):
        rows = self.env["desktomy.service.usage"]._read_group(
            [], ["partner_id"], ["__count"], order="__count desc", limit=1
        )
        return rows[0][0] if rows else self.env["res.partner"]

    def _setup_summary_client(self):
        client = self._busiest_client()
        today = fields.Date.context_today(self.env["res.partner"])
        date_from = today.replace(day=1) - relativedelta(months=11)
        date_to = today.replace(day=1) + relativedelta(months=1, days=-1)
        spec = form_read_specification(
            self.env["desktomy.billing.report"].browse(client.id)
        )
        return client, date_from, date_to, spec

    def _run_summary_client(self, state):
        """Open one client of the summaries (its per-service table), 12 months."""
        client, date_from, date_to, spec = state
        Report = self._desk_env()["desktomy.billing.report"].with_context(
            desktomy_billing_date_from=fields.Date.to_string(date_from),
            desktomy_billing_date_to=fields.Date.to_string(date_to),
        )
        Report.browse(client.id).web_read(spec)
        lines = self.env["desktomy.service.usage"].search_count(
            [("partner_id", "=", client.id), ("date", ">=", date_from)]
        )
        return f"1 client, {lines:,} usage lines"

    def _setup_invoice_month(self):
        """An office administrator with the invoicing rights; the previous
        month, whose stored billing is ready."""
        env = self.env
        admin = env.ref("base.user_admin")
        admin.groups_id |= env.ref(
            "desktomy_virtual_office.group_desktomy_manager"
        ) | env.ref("account.group_account_invoice")
        today = fields.Date.context_today(env["res.partner"])
        month = today.replace(day=1) - relativedelta(months=1)
        env["desktomy.billing.month"]._flush_pending()
        return admin, month

    def _run_invoice_month(self, state):
        """Billing > Summaries, previous month, Invoice the Month without a
        selection: one draft invoice per client billed in the month."""
        admin, month = state
        office = self.env(user=admin, context=admin.context_get())
        result = office["desktomy.billing.invoice"]._invoice_month(month)
        lines = sum(len(move.invoice_line_ids) for move in result["moves"])
        return f"{len(result['moves']):,} invoices, {lines:,} lines"

    def _run_summary_all(self, state):
        """What the web client does when Billing > Summaries opens: load the
        menu's action, the first page of the list, the totals of its header."""
        desk = self._desk_env()
        desk = desk(context=dict(desk.context, bin_size=True))
        page, totals = open_billing_summaries(desk)
        return f"80 of {page['length']:,} clients, {totals['clients']:,} in totals"

    def _run_item_list(self, state):
        Mail = self._desk_env()["desktomy.mail"].with_context(
            search_default_filter_waiting=1, bin_size=True
        )
        result = Mail.web_search_read(
            [("state", "in", WAITING_STATES)],
            list_specification(Mail),
            offset=0,
            limit=80,
            order="",
            count_limit=10001,
        )
        return f"80 of {result['length']:,} waiting items"

    def _run_request_queue(self, state):
        Request = self._desk_env()["desktomy.mail.request"].with_context(
            search_default_filter_pending=1, bin_size=True
        )
        result = Request.web_search_read(
            [("state", "=", "pending")],
            list_specification(Request),
            offset=0,
            limit=80,
            order=QUEUE_ORDER,
            count_limit=10001,
        )
        return f"{len(result['records'])} of {result['length']:,} pending requests"

    def _run_request_queue_all(self, state):
        Request = self._desk_env()["desktomy.mail.request"].with_context(bin_size=True)
        spec = list_specification(Request)
        overdue = Request.search_count([("is_overdue", "=", True)])
        result = Request.web_search_read(
            [], spec, offset=0, limit=80, order=QUEUE_ORDER, count_limit=10001
        )
        shown = len(result["records"])
        return f"{shown} of {result['length']:,} requests, {overdue:,} overdue"

    def _setup_request_submit(self):
        """Two waiting items without request of a client of the portal user."""
        env = self.env
        user = self._portal_user() or env.ref("base.user_admin")
        clients = user.partner_id.desktomy_represented_client_ids or self._clients(50)
        env.cr.execute(
            """
            SELECT m.partner_id, array_agg(m.id ORDER BY m.id)
              FROM desktomy_mail m
             WHERE m.partner_id = ANY(%s) AND m.state IN ('received', 'notified')
               AND NOT EXISTS (
                   SELECT 1 FROM desktomy_mail_request_item_rel rel
                     JOIN desktomy_mail_request r ON r.id = rel.request_id
                    WHERE rel.mail_id = m.id AND r.state = 'pending')
             GROUP BY m.partner_id, m.company_id
            HAVING count(*) >= 2
             LIMIT 1
            """,
            [clients.ids],
        )
        partner_id, item_ids = env.cr.fetchone()
        return user, partner_id, item_ids[:2]

    def _run_request_submit(self, state):
        user, partner_id, item_ids = state
        portal = self.env(user=user, context=user.context_get())
        Request = portal["desktomy.mail.request"].sudo()
        partner = Request.env["res.partner"].browse(partner_id)
        items = Request.env["desktomy.mail"].browse(item_ids)
        preview = Request._desktomy_price_preview(partner, "shred", len(items))
        request = Request._desktomy_submit(
            partner, "shred", items, {"note": "Benchmark"}, person=user.partner_id
        )
        request.env.flush_all()
        return f"{request.name}, {preview['amount']:.2f} {preview['currency'].name}"

    def _run_partner_list(self, state):
        Partner = self._desk_env()["res.partner"].with_context(
            res_partner_search_mode="customer", bin_size=True
        )
        spec = list_specification(Partner, view_ref="base.view_partner_tree")
        result = Partner.web_search_read(
            [], spec, offset=0, limit=80, order="", count_limit=10001
        )
        return f"80 of {result['length']:,} partners"

    # ------------------------------------------------------------------
    # Opening a scan: HTTP requests to the test server
    # ------------------------------------------------------------------

    def _measure_open_scan(self):
        """The receptionist opens a scan in the back office
        (``/web/content/<id>``) without the access log (``_desktomy_log``
        switched off, as before the log existed), then with it: the log's
        cost."""
        names = (
            "Open a scan (/web/content, without the access log)",
            "Open a scan (/web/content, access logged)",
        )
        if not any(self._wanted(name) for name in names):
            return []
        scan = self.env["ir.attachment"].search(
            [("res_model", "=", "desktomy.mail"), ("res_id", "!=", 0)],
            order="id desc",
            limit=1,
        )
        if not scan:
            _logger.warning("No scan: no row for opening a scan")
            return []
        desk = self._desk_env()
        if desk.user.login == "desk@populate.example.com":
            self.authenticate(desk.user.login, POPULATE_PASSWORD)
        else:
            self.authenticate("admin", "admin")
        path = f"/web/content/{scan.id}?download=true"
        size = f"{scan.file_size:,} bytes"
        Log = type(self.env["desktomy.access.log"])
        rows = []
        for name in names:
            if not self._wanted(name):
                continue
            with contextlib.ExitStack() as stack:
                if "without" in name:
                    stack.enter_context(
                        patch.object(Log, "_desktomy_log", lambda *a, **k: None)
                    )
                rows.append(
                    self._measure_http(name, size, lambda _index: self._get(path))
                )
        return rows

    # ------------------------------------------------------------------
    # Portal pages: HTTP requests to the test server
    # ------------------------------------------------------------------

    def _portal_user(self):
        """A populated portal user who represents (at least) three clients."""
        users = self.env["res.users"].search(
            [("share", "=", True), ("login", "=like", "person%@populate.example.com")],
            order="id",
        )
        users = users.filtered(
            lambda user: len(user.partner_id.desktomy_represented_client_ids) == 3
        ) or users.filtered(
            lambda user: len(user.partner_id.desktomy_represented_client_ids) > 3
        )
        return users[:1]

    def _get(self, path):
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200, path)

    def _measure_portal(self):
        env = self.env
        user = self._portal_user()
        company = env.ref("base.main_company")
        if not user or "desktomy_portal_billing_summary" not in company._fields:
            _logger.warning("No portal user or desktomy_portal: no portal pages")
            return []
        # the billing page is off until the company switches it on (rolled back)
        company.desktomy_portal_billing_summary = True
        clients = user.partner_id.desktomy_represented_client_ids
        # the represented client with the most items
        counts = dict(
            env["desktomy.mail"]._read_group(
                [("partner_id", "in", clients.ids)], ["partner_id"], ["__count"]
            )
        )
        client = max(clients, key=lambda c: counts.get(c, 0))
        size = f"client with {counts.get(client, 0):,} items"
        desk = self._desk_env()
        partner_spec = list_specification(
            desk["res.partner"], view_ref="base.view_partner_tree"
        )
        desk_login = desk.user.login
        rows = []
        pages = [
            ("Portal /my/billing (3 clients)", f"/my/billing?client_id={client.id}"),
            ("Portal /my/mail (3 clients)", f"/my/mail?client_id={client.id}"),
            # A stock page with the same portal layout (profile switcher
            # included), as the same user: the comparison of the two above.
            ("Stock portal page /my/account (3 clients)", "/my/account"),
        ]
        self.authenticate(user.login, POPULATE_PASSWORD)
        for name, path in pages:
            if self._wanted(name):
                page_size = size if "client_id" in path else "the same portal user"
                rows.append(
                    self._measure_http(
                        name, page_size, lambda _index, path=path: self._get(path)
                    )
                )
        name = "Portal /my/mail/request: send a request (POST)"
        if self._wanted(name):
            rows += self._measure_portal_request(name, clients)

        # The stock comparison measured the same way, over HTTP: the first page
        # of the Customers list as the web client loads it (JSON-RPC), for the
        # populated receptionist.
        name = "Stock over HTTP: Customers list, first page (res.partner)"
        if self._wanted(name):
            self.authenticate(desk_login, POPULATE_PASSWORD)
            path = "/web/dataset/call_kw/res.partner/web_search_read"
            params = {
                "model": "res.partner",
                "method": "web_search_read",
                "args": [],
                "kwargs": {
                    "domain": [],
                    "specification": partner_spec,
                    "offset": 0,
                    "limit": 80,
                    "order": "",
                    "count_limit": 10001,
                    "context": {
                        "res_partner_search_mode": "customer",
                        "bin_size": True,
                    },
                },
            }
            result = {}

            def call(_index):
                result.update(self.make_jsonrpc_request(path, params))

            row = self._measure_http(name, "", call)
            rows.append((row[0], f"80 of {result['length']:,} partners", *row[2:]))
        return rows

    def _measure_portal_request(self, name, clients):
        """Sending a request from the client panel (``POST /my/mail/request``,
        shredding of one waiting item, as the form sends it), for the
        represented client with the most waiting items without a pending
        request. Each request is deleted after its run (not timed), so that
        its item can be asked for again."""
        Mail = self.env["desktomy.mail"]
        waiting = Mail.search(
            [("partner_id", "in", clients.ids), ("state", "in", WAITING_STATES)],
            order="id",
        )
        waiting -= waiting._desktomy_pending_requests().mail_ids
        by_client = {}
        for item in waiting:
            by_client.setdefault(item.partner_id.id, []).append(item.id)
        client_id, item_ids = max(
            by_client.items(), key=lambda pair: len(pair[1]), default=(0, [])
        )
        if not item_ids:
            _logger.warning("No waiting item without a request: no request row")
            return []
        client_items = Mail.search_count([("partner_id", "=", client_id)])
        last_id = (
            self.env["desktomy.mail.request"].search([], order="id desc", limit=1).id
        )
        page = self.url_open(f"/my/mail?client_id={client_id}")
        token = re.search(r'csrf_token: "([^"]+)"', page.text)[1]

        def item(index):
            return item_ids[index % len(item_ids)]

        def post(index):
            response = self.url_open(
                "/my/mail/request",
                data={"csrf_token": token, "kind": "shred", "mail_ids": item(index)},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303, response.url)

        def delete(index):
            self.env.invalidate_all()
            requests = self.env["desktomy.mail.request"].search(
                [("id", ">", last_id), ("mail_ids", "in", [item(index)])]
            )
            self.assertTrue(requests, "the POST created no request")
            requests.unlink()

        return [
            self._measure_http(
                name,
                f"1 item, client with {client_items:,} items",
                post,
                after=delete,
            )
        ]
