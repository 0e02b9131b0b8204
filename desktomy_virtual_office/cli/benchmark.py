# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``odoo-bin desktomy-benchmark``: time the mailroom's hot paths.

Every operation runs once to warm the caches, then ``--runs`` times; each run
of an operation that writes happens in a transaction that is rolled back, so
the benchmark can be repeated on the same database. SQL queries are counted
with ``odoo.sql_db.sql_counter`` (in this process) or, for the portal pages,
from the query count the server logs for each request.
"""

import base64
import cProfile
import io
import logging
import optparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

import requests
from dateutil.relativedelta import relativedelta
from lxml import etree
from PIL import Image, ImageDraw

import odoo
from odoo import fields
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import file_open

_logger = logging.getLogger(__name__)

#: Clients and items per client of the handover benchmark.
HANDOVER_CLIENTS = 50
HANDOVER_ITEMS = 20
#: The order of the request queue's views (oldest first), as the web client
#: sends it.
QUEUE_ORDER = "requested_datetime ASC, id ASC"
#: States of the items waiting for pickup.
WAITING_STATES = ("received", "notified")


def _signature_png():
    """A hand-drawn-like stroke on a transparent pad: the benchmark's signature."""
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    points = [(20 + x * 28, 100 + (35 if x % 2 else -35)) for x in range(20)]
    ImageDraw.Draw(image).line(points, fill=(0, 0, 139, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


#: The request line and the performance info ("queries query-time other-time")
#: of Odoo's werkzeug log.
REQUEST_LOG = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ (?P<queries>\d+) '
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


def form_specification(model, view_ref=None):
    """The ``specification`` the web client sends for the form view of ``model``.

    Fields of the form and, for x2many fields, of their inline list, as the
    web client's ``getFieldsSpec`` builds it (``display_name`` of many2one
    values, nothing for the lines of an always invisible x2many).
    """
    views = model.get_views([(view_ref and model.env.ref(view_ref).id, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    models_fields = views["models"]

    def spec_of(node, model_name, spec):
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                spec_of(child, model_name, spec)
                continue
            name = child.get("name")
            field = models_fields[model_name]["fields"].get(name, {})
            invisible = child.get("invisible") in ("1", "True")
            if field.get("type") in ("one2many", "many2many"):
                spec[name] = {}
                lines = child.find("list")
                if lines is not None and not invisible:
                    spec[name] = {
                        "fields": spec_of(lines, field["relation"], {}),
                        "context": {},
                        "limit": 40,
                    }
            elif field.get("type") == "many2one":
                spec[name] = {"fields": {} if invisible else {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    return spec_of(arch, model._name, {})


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


class WebForm:
    """The values a form view of the web client holds for a new record.

    Applies the values returned by ``onchange`` (x2many fields as commands)
    and gives back what the web client sends: every field for ``onchange``,
    the editable (or ``force_save``) fields for ``web_save``.
    """

    def __init__(self, model, spec):
        self.model = model
        self.spec = spec
        self.values = {}
        self.lines = {
            name: {}
            for name, field_spec in spec.items()
            if model._fields[name].type in ("one2many", "many2many")
        }
        arch = etree.fromstring(
            model.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.force_save = {
            node.get("name") for node in arch.iter("field") if node.get("force_save")
        }
        self._new = 0

    @staticmethod
    def _plain(value):
        return value["id"] if isinstance(value, dict) and "id" in value else value

    def apply(self, value):
        for name, field_value in value.items():
            if name not in self.lines:
                self.values[name] = self._plain(field_value)
                continue
            lines = self.lines[name]
            for command in field_value:
                if command[0] == odoo.Command.CREATE:
                    self._new += 1
                    lines[f"virtual_{self._new}"] = {
                        key: self._plain(val) for key, val in command[2].items()
                    }
                elif command[0] == odoo.Command.UPDATE:
                    lines.setdefault(command[1], {}).update(
                        {key: self._plain(val) for key, val in command[2].items()}
                    )
                elif command[0] in (odoo.Command.DELETE, odoo.Command.UNLINK):
                    lines.pop(command[1], None)
                elif command[0] == odoo.Command.LINK:
                    lines[command[1]] = {}
                elif command[0] == odoo.Command.CLEAR:
                    lines.clear()
                elif command[0] == odoo.Command.SET:
                    lines.clear()
                    lines.update(dict.fromkeys(command[2], {}))

    def _commands(self, name, writable_only):
        comodel = self.model[name]
        commands = []
        for key, vals in self.lines[name].items():
            if isinstance(key, int):
                commands.append(odoo.Command.link(key))
                continue
            if writable_only:
                vals = {
                    fname: val
                    for fname, val in vals.items()
                    if not comodel._fields[fname].readonly or fname in self.force_save
                }
            commands.append((odoo.Command.CREATE, key, vals))
        return commands

    def onchange_values(self):
        values = dict(self.values)
        for name in self.lines:
            values[name] = self._commands(name, writable_only=False)
        return values

    def save_values(self):
        values = {
            name: val
            for name, val in self.values.items()
            if name != "id" and not self.model._fields[name].readonly
        }
        for name in self.lines:
            values[name] = self._commands(name, writable_only=True)
        return values


class Operation:
    """One line of the table."""

    def __init__(self, name, size, run, setup=None, write=False, http=False):
        self.name = name
        self.size = size
        self.run = run
        self.setup = setup
        self.write = write
        #: the operation renders a PDF: it needs the server for the styles
        self.http = http


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
            help="Skip the portal pages. A server is started on --http-port for "
            "them and for the operations that render a PDF report (wkhtmltopdf "
            "loads the report's styles from it).",
        )
        group.add_option(
            "--profile",
            dest="benchmark_profile",
            default="",
            help="Directory where a cProfile file (.prof) of the measured runs "
            "of each operation is written.",
        )
        parser.add_option_group(group)
        opt = odoo.tools.config.parse_config(cmdargs, setup_logging=True)
        self.profile_dir = opt.benchmark_profile
        self.dbname = odoo.tools.config["db_name"]
        if not self.dbname or "," in self.dbname:
            sys.exit("Give one database with -d.")
        self.runs = max(opt.benchmark_runs, 1)
        self.only = [text for text in opt.benchmark_only.split("|") if text]
        self.registry = Registry(self.dbname)
        rows = []
        with self._cursor(rollback=True) as env:
            self.sizes = self._database_sizes(env)
        operations = [
            operation
            for operation in self._operations()
            if not self.only or any(text in operation.name for text in self.only)
        ]
        portal = not opt.benchmark_skip_portal and (
            not self.only or any("/my/" in text for text in self.only)
        )
        serve = portal or any(operation.http for operation in operations)
        try:
            with self._server() if serve else nullcontext() as server:
                for operation in operations:
                    rows.append(self._measure(operation))
                if portal:
                    rows += self._measure_portal(server)
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
        profiler = cProfile.Profile() if self.profile_dir else None
        # one warm-up run (caches, templates, wkhtmltopdf), then the measured ones
        for index in range(self.runs + 1):
            with (
                self._cursor(rollback=True) as env,
                ReportNetworkErrors() as report_errors,
            ):
                state = operation.setup(env) if operation.setup else None
                env.flush_all()
                env.invalidate_all()
                count = odoo.sql_db.sql_counter
                start = time.perf_counter()
                if profiler and index:
                    profiler.enable()
                result = operation.run(env, state)
                env.flush_all()
                if profiler and index:
                    profiler.disable()
                elapsed = time.perf_counter() - start
                count = odoo.sql_db.sql_counter - count
            if report_errors.messages:
                # an unstyled PDF is not the real one: do not time it
                raise RuntimeError(
                    f"{operation.name}: wkhtmltopdf could not load the report's "
                    f"styles from the server: {report_errors.messages[0]}"
                )
            if isinstance(result, str):
                size = result
            if index:
                timings.append(elapsed)
                queries.append(count)
        _logger.info("%s: %s queries, %s", operation.name, queries, timings)
        if profiler:
            path = os.path.join(
                self.profile_dir, re.sub(r"\W+", "_", operation.name).strip("_")
            )
            os.makedirs(self.profile_dir, exist_ok=True)
            profiler.dump_stats(f"{path}.prof")
            _logger.info("Profile of the measured runs: %s.prof", path)
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
                    "Handover wizard (open, add clients, confirm), signed receipt PDF",
                    f"{HANDOVER_CLIENTS} clients x {HANDOVER_ITEMS} items",
                    self._run_handover_pdf,
                    setup=self._setup_handover,
                    write=True,
                    http=True,
                ),
                Operation(
                    "Handover wizard (open, add clients, confirm), without digital "
                    "confirmation",
                    f"{HANDOVER_CLIENTS} clients x {HANDOVER_ITEMS} items",
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
                "Invoice month (all clients)",
                f"{self.sizes['clients']:,} clients",
                self._run_invoice_month,
                setup=self._setup_invoice_month,
                write=True,
            ),
            Operation(
                "Item list, first page (Browse Mail, waiting)",
                "80 rows",
                self._run_item_list,
            ),
        ]
        with self._cursor(rollback=True) as env:
            has_requests = "desktomy.mail.request" in env
        if has_requests:
            operations += [
                Operation(
                    "Request queue, first page (Requests, pending)",
                    "80 rows",
                    self._run_request_queue,
                ),
                Operation(
                    "Request queue, first page (all requests) + overdue count",
                    "80 rows",
                    self._run_request_queue_all,
                ),
                Operation(
                    "Submit a request (price preview + submit, as the portal)",
                    "1 request, 2 items",
                    self._run_request_submit,
                    setup=self._setup_request_submit,
                    write=True,
                ),
            ]
        operations += [
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
        """50 clients with exactly 20 items each waiting for pickup."""
        Mail = env["desktomy.mail"]
        waiting = {
            partner.id: count
            for partner, count in Mail._read_group(
                [("state", "in", WAITING_STATES)], ["partner_id"], ["__count"]
            )
        }
        clients = env["res.partner"].search(
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
        desk = self._desk_env(env)
        company = desk.company.sudo()
        if "desktomy_receipt_email_clients" in company._fields:
            # E-mailing the clients' copies renders one PDF per client: the
            # setting is off for these rows, which time the handover itself.
            company.desktomy_receipt_email_clients = False
        return desk, clients

    def _handover(self, state, digital):
        """Hand over as the web client does: open, add the clients, sign, confirm.

        The dialog opens with ``onchange`` (defaults) and its checklist of the
        clients with waiting mail (first page); the ticked clients are read
        for the wizard and sent to ``onchange``; the button saves the wizard
        with ``web_save`` and calls ``action_handover``.
        """
        desk, clients = state
        Wizard = desk["desktomy.mail.handover.wizard"]
        spec = form_specification(Wizard)
        form = WebForm(Wizard, spec)
        form.apply(Wizard.onchange({}, [], spec)["value"])
        # the checklist: clients with waiting mail, first page
        Wizard.desktomy_client_checklist("", 0, 40)
        # the ticked clients join the wizard's list, then the onchange runs
        desk["res.partner"].browse(clients.ids).web_read(
            spec["partner_ids"].get("fields", {})
        )
        form.apply({"partner_ids": [odoo.Command.link(cid) for cid in clients.ids]})
        form.apply(
            Wizard.onchange(form.onchange_values(), ["partner_ids"], spec)["value"]
        )
        form.values.update(
            collector_name="Anna Nowak",
            collector_id_number="ABC123456",
            digital_confirmation=digital,
            signature=digital and _signature_png(),
        )
        [saved] = Wizard.web_save(form.save_values(), spec)
        Wizard.browse(saved["id"]).action_handover()
        items = desk["desktomy.mail"].search_count(
            [
                ("partner_id", "in", clients.ids),
                ("state", "=", "collected"),
                ("collector_name", "=", "Anna Nowak"),
            ]
        )
        return f"{len(clients)} clients, {items:,} items"

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

    def _setup_invoice_month(self, env):
        """An office administrator with the invoicing rights; the previous
        month, whose stored billing is ready."""
        admin = env.ref("base.user_admin")
        admin.groups_id |= env.ref(
            "desktomy_virtual_office.group_desktomy_manager"
        ) | env.ref("account.group_account_invoice")
        today = fields.Date.context_today(env["res.partner"])
        month = today.replace(day=1) - relativedelta(months=1)
        env["desktomy.billing.month"]._flush_pending()
        return admin, month

    def _run_invoice_month(self, env, state):
        """Billing > Summaries, previous month, Invoice the Month without a
        selection: one draft invoice per client billed in the month."""
        admin, month = state
        office = env(user=admin, context=admin.context_get())
        result = office["desktomy.billing.invoice"]._invoice_month(month)
        lines = sum(len(move.invoice_line_ids) for move in result["moves"])
        return f"{len(result['moves']):,} invoices, {lines:,} lines"

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

    def _run_request_queue(self, env, state):
        desk = self._desk_env(env)
        Request = desk["desktomy.mail.request"].with_context(
            search_default_filter_pending=1, bin_size=True
        )
        result = Request.web_search_read(
            [("state", "=", "pending")],
            web_specification(Request),
            offset=0,
            limit=80,
            order=QUEUE_ORDER,
            count_limit=10001,
        )
        return f"{len(result['records'])} of {result['length']:,} pending requests"

    def _run_request_queue_all(self, env, state):
        desk = self._desk_env(env)
        Request = desk["desktomy.mail.request"].with_context(bin_size=True)
        spec = web_specification(Request)
        overdue = Request.search_count([("is_overdue", "=", True)])
        result = Request.web_search_read(
            [], spec, offset=0, limit=80, order=QUEUE_ORDER, count_limit=10001
        )
        shown = len(result["records"])
        return f"{shown} of {result['length']:,} requests, {overdue:,} overdue"

    def _setup_request_submit(self, env):
        """Two waiting items without request of a client of the portal user."""
        user = self._portal_user(env) or env.ref("base.user_admin")
        clients = user.partner_id.desktomy_represented_client_ids or self._clients(
            env, 50
        )
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

    def _run_request_submit(self, env, state):
        user, partner_id, item_ids = state
        portal = env(user=user, context=user.context_get())
        Request = portal["desktomy.mail.request"].sudo()
        partner = Request.env["res.partner"].browse(partner_id)
        items = Request.env["desktomy.mail"].browse(item_ids)
        preview = Request._desktomy_price_preview(partner, "shred", len(items))
        request = Request._desktomy_submit(
            partner, "shred", items, {"note": "Benchmark"}, person=user.partner_id
        )
        request.env.flush_all()
        return f"{request.name}, {preview['amount']:.2f} {preview['currency'].name}"

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

    @contextmanager
    def _server(self):
        """Serve the database on ``--http-port`` while the benchmark runs.

        Used for the portal pages and by wkhtmltopdf, which loads the styles
        of a report from the server: ``report.url`` points to this server as
        ``web.base.url`` does in an ``HttpCase``, and is restored afterwards.
        Yields ``(base_url, logfile)``; the server logs every request with
        its query count.
        """
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
        with self._cursor(rollback=False) as env:
            report_url = env["ir.config_parameter"].set_param("report.url", base)
        try:
            deadline = time.time() + 120
            while True:
                try:
                    requests.get(f"{base}/web/login", timeout=60)
                    break
                except (requests.ConnectionError, requests.Timeout) as error:
                    if time.time() > deadline or server.poll() is not None:
                        raise RuntimeError(
                            f"The server did not start, see {logfile}"
                        ) from error
                    time.sleep(1)
            yield base, logfile
        finally:
            with self._cursor(rollback=False) as env:
                env["ir.config_parameter"].set_param("report.url", report_url)
            server.terminate()
            server.wait(timeout=30)
        os.unlink(logfile)

    def _measure_portal(self, server):
        base, logfile = server
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
            desk = self._desk_env(env)
            partner_spec = web_specification(
                desk["res.partner"], view_ref="base.view_partner_tree"
            )
            desk_login = desk.user.login
        rows = []
        session = requests.Session()
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
            # A stock page with the same portal layout (profile switcher
            # included), as the same user: the comparison of the two above.
            ("Stock portal page /my/account (3 clients)", "/my/account"),
        ]
        for name, path in pages:
            timings = self._time_requests(lambda path=path: session.get(base + path))
            time.sleep(0.5)
            queries = self._logged_queries(logfile, path)[1:]
            size = (
                f"client with {client_items:,} items"
                if "client_id" in path
                else "the same portal user"
            )
            rows.append((name, size, queries, timings))
        rows += self._measure_portal_request(server, session, clients.ids)

        # The stock comparison measured the same way, over HTTP: the first page
        # of the Customers list as the web client loads it (JSON-RPC), for the
        # populated receptionist.
        desk_session = requests.Session()
        desk_session.post(
            f"{base}/web/session/authenticate",
            json={
                "params": {
                    "db": self.dbname,
                    "login": desk_login,
                    "password": "desktomy-populate",
                }
            },
            timeout=60,
        ).raise_for_status()
        path = "/web/dataset/call_kw/res.partner/web_search_read"
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
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
            },
        }
        result = {}

        def call():
            response = desk_session.post(base + path, json=payload, timeout=60)
            body = response.json()
            if "error" in body:
                raise RuntimeError(f"{path}: {body['error']}")
            result.update(body["result"])
            return response

        timings = self._time_requests(call)
        time.sleep(0.5)
        rows.append(
            (
                "Stock over HTTP: Customers list, first page (res.partner)",
                f"80 of {result['length']:,} partners",
                self._logged_queries(logfile, path)[1:],
                timings,
            )
        )
        return rows

    def _measure_portal_request(self, server, session, client_ids):
        """Sending a request from the client panel (``POST /my/mail/request``,
        shredding of one waiting item, as the form sends it), for the
        represented client with the most waiting items without a pending
        request. The server commits what it creates: each request is deleted
        after its run (not timed), so that its item can be asked for again."""
        base, logfile = server
        with self._cursor(rollback=False) as env:
            if "desktomy.mail.request" not in env:
                return []
            Mail = env["desktomy.mail"]
            waiting = Mail.search(
                [("partner_id", "in", client_ids), ("state", "in", WAITING_STATES)],
                order="id",
            )
            waiting -= waiting._desktomy_pending_requests().mail_ids
            by_client = {}
            for item in waiting:
                by_client.setdefault(item.partner_id.id, []).append(item.id)
            client_id, item_ids = max(
                by_client.items(), key=lambda pair: len(pair[1]), default=(0, [])
            )
            client_items = Mail.search_count([("partner_id", "=", client_id)])
            last = env["desktomy.mail.request"].search([], order="id desc", limit=1)
            last_id = last.id or 0
        if not item_ids:
            _logger.warning("No waiting item without a request: no request row")
            return []
        page = session.get(f"{base}/my/mail?client_id={client_id}", timeout=60)
        token = re.search(r'csrf_token: "([^"]+)"', page.text)[1]
        path = "/my/mail/request"
        timings = []
        for index in range(self.runs + 1):
            item_id = item_ids[index % len(item_ids)]
            start = time.perf_counter()
            response = session.post(
                base + path,
                data={"csrf_token": token, "kind": "shred", "mail_ids": item_id},
                allow_redirects=False,
                timeout=60,
            )
            elapsed = time.perf_counter() - start
            with self._cursor(rollback=False) as env:
                env["desktomy.mail.request"].search(
                    [("id", ">", last_id), ("mail_ids", "in", [item_id])]
                ).unlink()
            if response.status_code != 303:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            if index:
                timings.append(elapsed)
        time.sleep(0.5)
        return [
            (
                "Portal /my/mail/request: send a request (POST)",
                f"1 item, client with {client_items:,} items",
                self._logged_queries(logfile, path)[1:],
                timings,
            )
        ]

    def _time_requests(self, request_page):
        """Time ``request_page()`` ``--runs`` times after one warm-up request."""
        timings = []
        for index in range(self.runs + 1):
            start = time.perf_counter()
            response = request_page()
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"{response.url}: HTTP {response.status_code}")
            if index:
                timings.append(elapsed)
        return timings

    def _logged_queries(self, logfile, path):
        counts = []
        with open(logfile, encoding="utf-8") as log:
            for line in log:
                match = REQUEST_LOG.search(line)
                if match and match["path"] == path:
                    counts.append(int(match["queries"]))
        return counts or [-1]
