# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A month's invoicing as a background run.

"Invoice the Month" (the billing summaries screen) and the monthly cron never
invoice in the request: they start the run of the company and month
(``desktomy.billing.invoice.run``, one per company and month, a unique
constraint) and return at once. The cron ``ir_cron_invoice_runs`` (Odoo's
batched cron: ``ir.cron._notify_progress``) invoices its clients in batches,
one transaction each:

- a batch takes the next client-months of the month that have something to
  invoice and no invoice yet, locked with ``FOR NO KEY UPDATE SKIP LOCKED``
  (two workers never take the same client), claims them in
  ``desktomy.billing.invoice`` (unique per company, month and client) and
  creates their invoices (``desktomy.billing.invoice._create_invoices``);
- a client whose invoice cannot be made (no invoice address, a service
  without a sales tax, an error of Accounting) is recorded on the run with
  the reason (``desktomy.billing.invoice.run.error``) and the others go on;
- a worker killed in a batch rolls the whole batch back, claims included: the
  next batch takes the same clients again. Nothing is invoiced twice, no
  client is skipped.

What is left is always read from the database (client-months without an
invoice), never counted in Python: a resumed run (after a restart, a failure,
or an invoice cancelled by an accounting manager) invoices exactly what is
missing.
"""

import logging

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tools import SQL, format_date, mute_logger

from .desktomy_billing_rule import month_bounds

_logger = logging.getLogger(__name__)

#: Clients invoiced per batch (one transaction).
BATCH_SIZE = 100

#: The crons that take the runs' batches: one per cron worker that may
#: invoice at once (Odoo runs each cron in one worker at a time).
WORKER_CRONS = (
    "desktomy_virtual_office.ir_cron_invoice_runs",
    "desktomy_virtual_office.ir_cron_invoice_runs_2",
)

#: The run's counts, read from the database.
COUNT_FIELDS = ("clients_done", "error_count", "progress")


class DesktomyBillingInvoiceRun(models.Model):
    _name = "desktomy.billing.invoice.run"
    _description = "Month Invoicing Run"
    _inherit = ["mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    state = fields.Selection(
        selection=[
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        string="Status",
        required=True,
        default="queued",
        readonly=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Started By",
        readonly=True,
        default=lambda self: self.env.user,
        help="Notified when the run ends.",
    )
    origin = fields.Selection(
        selection=[("manual", "Invoice the Month"), ("cron", "Monthly invoicing")],
        required=True,
        default="manual",
        readonly=True,
    )
    clients_total = fields.Integer(
        string="Clients to Invoice",
        readonly=True,
        help="Clients with something to invoice in the month and no invoice "
        "yet when the run started or was resumed, plus those it invoiced "
        "before.",
    )
    clients_done = fields.Integer(
        string="Clients Invoiced",
        compute="_compute_counts",
        help="Clients whose invoice this run created.",
    )
    error_count = fields.Integer(string="Clients Failed", compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts", digits=(16, 1))
    link_ids = fields.One2many(
        comodel_name="desktomy.billing.invoice",
        inverse_name="run_id",
        string="Invoiced Client Months",
        readonly=True,
    )
    error_ids = fields.One2many(
        comodel_name="desktomy.billing.invoice.run.error",
        inverse_name="run_id",
        string="Errors",
        readonly=True,
    )
    start_datetime = fields.Datetime(string="Started On", readonly=True)
    end_datetime = fields.Datetime(string="Ended On", readonly=True)
    duration = fields.Float(
        string="Duration (s)",
        readonly=True,
        digits=(16, 1),
        help="From the first batch to the end of the last one, interruptions included.",
    )
    failure = fields.Text(
        readonly=True, help="Why the run stopped, when it failed as a whole."
    )
    locked_until = fields.Date(
        string="Billing Closed Until",
        readonly=True,
        help="The company's billing lock date set at the end of the run, when "
        "every client of the month and of the months before it was invoiced.",
    )

    _sql_constraints = [
        (
            "company_month_unique",
            "unique(company_id, month)",
            "A month is invoiced by one run in each company: resume it.",
        ),
    ]

    @api.depends("company_id", "month")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Invoicing of %(month)s",
                month=format_date(self.env, run.month, date_format="LLLL yyyy")
                if run.month
                else "",
            )

    @api.depends("link_ids", "error_ids.active", "clients_total", "state")
    def _compute_counts(self):
        done = dict(
            self.env["desktomy.billing.invoice"]
            .sudo()
            ._read_group([("run_id", "in", self.ids)], ["run_id"], ["__count"])
        )
        errors = dict(
            self.env["desktomy.billing.invoice.run.error"]
            .sudo()
            ._read_group([("run_id", "in", self.ids)], ["run_id"], ["__count"])
        )
        for run in self:
            run.clients_done = done.get(run, 0)
            run.error_count = errors.get(run, 0)
            run.progress = (
                100.0 * (run.clients_done + run.error_count) / run.clients_total
                if run.clients_total
                else (100.0 if run.state == "done" else 0.0)
            )

    # ------------------------------------------------------------------
    # Starting and resuming
    # ------------------------------------------------------------------

    @api.model
    def _start(self, month, origin="manual"):
        """Start the run of ``month`` (any day of it) in ``env.company``, or
        resume it when it failed; return it. A run queued, running or done
        is refused with a message that opens it."""
        self.env["desktomy.billing.invoice"]._check_invoicing_rights()
        company = self.env.company
        month_start, month_end = month_bounds(month)
        if month_end >= fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "%(month)s is not over yet: a month is invoiced from the day "
                    "after its last day, once every client's month is complete.",
                    month=format_date(self.env, month_start, date_format="LLLL yyyy"),
                )
            )
        run = self.sudo().search(
            [("company_id", "=", company.id), ("month", "=", month_start)]
        )
        if run:
            if run.state == "failed":
                run._resume()
                return run.with_env(self.env)
            refusal = RedirectWarning(
                self.env._(
                    "%(month)s already has its invoicing run (%(state)s): open "
                    "it to follow it, or to invoice the clients it could not.",
                    month=format_date(self.env, run.month, date_format="LLLL yyyy"),
                    state=dict(run._fields["state"]._description_selection(self.env))[
                        run.state
                    ],
                ),
                run.with_env(self.env)._get_form_action(),
                self.env._("Open the Run"),
            )
            # (a refusal the user is shown, not an error of the server)
            refusal.loglevel = logging.WARNING
            raise refusal
        # The unique constraint refuses a concurrent second start (the loser
        # is retried as a serialization failure, then finds the run above).
        run = self.sudo().create(
            {
                "company_id": company.id,
                "month": month_start,
                "user_id": self.env.uid,
                "origin": origin,
            }
        )
        run.clients_total = run._remaining_count()
        company.sudo()._desktomy_set_invoiced_until(month_bounds(month_start)[1])
        run.message_post(
            body=self.env._(
                "Started by %(user)s: %(count)s clients to invoice.",
                user=self.env.user.name,
                count=run.clients_total,
            )
        )
        run._trigger_workers()
        return run.with_env(self.env)

    def action_resume(self):
        """Invoice what is left: clients that failed (errors archived, tried
        again), clients reopened by a cancelled invoice, or a failed run."""
        self.env["desktomy.billing.invoice"]._check_invoicing_rights()
        for run in self:
            run.sudo()._resume()
        return True

    def _resume(self):
        for run in self:
            if run.state in ("queued", "running"):
                continue
            errors = run.error_ids.filtered("active")
            run.error_ids.write({"active": False})
            run.write(
                {
                    "state": "queued",
                    "failure": False,
                    "end_datetime": False,
                }
            )
            run.clients_total = run.clients_done + run._remaining_count()
            run.company_id._desktomy_set_invoiced_until(month_bounds(run.month)[1])
            run.message_post(
                body=self.env._(
                    "Resumed by %(user)s: %(count)s clients to invoice "
                    "(%(errors)s tried again).",
                    user=self.env.user.name,
                    count=run.clients_total - run.clients_done,
                    errors=len(errors),
                )
            )
        self._trigger_workers()

    def _trigger_workers(self):
        """Wake the cron workers up: each of the runs' crons takes batches,
        so that two cron workers (threads, processes or nodes) invoice at
        once."""
        for xmlid in WORKER_CRONS:
            self.env.ref(xmlid)._trigger()

    def _get_form_action(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_billing_invoice_run_action"
        )
        action.update({"res_id": self.id, "views": [(False, "form")]})
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.link_ids.move_id.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------
    # What is left
    # ------------------------------------------------------------------

    def _pending_sql(self, select, lock=False, limit=None):
        """SQL of the client-months of the run left to invoice: something to
        invoice, no invoice yet, no open error on this run."""
        self.ensure_one()
        return SQL(
            """
            SELECT %(select)s
              FROM desktomy_billing_month bm
              JOIN res_partner p ON p.id = bm.partner_id
             WHERE bm.company_id = %(company)s AND bm.month = %(month)s
               AND ROUND(bm.total::numeric, %(digits)s) != 0
               AND p.desktomy_is_client AND p.active
               AND NOT EXISTS (
                   SELECT 1 FROM desktomy_billing_invoice inv
                    WHERE inv.company_id = bm.company_id
                      AND inv.month = bm.month
                      AND inv.partner_id = bm.partner_id)
               AND NOT EXISTS (
                   SELECT 1 FROM desktomy_billing_invoice_run_error err
                    WHERE err.run_id = %(run)s AND err.partner_id = bm.partner_id
                      AND err.active)
            %(tail)s
            """,
            select=select,
            company=self.company_id.id,
            month=self.month,
            digits=self.company_id.currency_id.decimal_places,
            run=self.id,
            tail=SQL(
                "ORDER BY bm.partner_id LIMIT %s FOR NO KEY UPDATE OF bm SKIP LOCKED",
                limit,
            )
            if lock
            else SQL(),
        )

    def _remaining_count(self):
        self.ensure_one()
        self._prepare_months()
        return self._count_pending()

    def _count_pending(self):
        self.ensure_one()
        self.env.cr.execute(self._pending_sql(SQL("count(*)")))
        return self.env.cr.fetchone()[0]

    def _prepare_months(self):
        """The stored billing months of the run's month, up to date."""
        self.ensure_one()
        BillingMonth = self.env["desktomy.billing.month"]
        BillingMonth._flush_pending()
        month_end = month_bounds(self.month)[1]
        coverage_end = BillingMonth._get_coverage_end()
        if not coverage_end or coverage_end < month_end:
            BillingMonth.sudo()._cron_extend()
        self.env.flush_all()

    # ------------------------------------------------------------------
    # Batches
    # ------------------------------------------------------------------

    def _process_batch(self, batch_size=BATCH_SIZE):
        """Invoice the next ``batch_size`` clients of the run (as superuser,
        in its company); return ``(clients handled, clients left)``."""
        self.ensure_one()
        run = self.sudo().with_company(self.company_id)
        company = run.company_id
        cr = self.env.cr
        # Queued -> running, by the first worker only; the others do not wait
        # for its lock (workers write the run only here and at its end).
        with mute_logger("odoo.sql_db"):
            cr.execute(
                SQL(
                    """
                    UPDATE desktomy_billing_invoice_run
                       SET state = 'running',
                           start_datetime = COALESCE(start_datetime, %(now)s),
                           write_date = %(now)s, write_uid = %(uid)s
                     WHERE id IN (SELECT id FROM desktomy_billing_invoice_run
                                   WHERE id = %(run)s AND state = 'queued'
                                     FOR NO KEY UPDATE SKIP LOCKED)
                    """,
                    now=fields.Datetime.now(),
                    uid=self.env.uid,
                    run=run.id,
                )
            )
        if cr.rowcount:
            run.invalidate_recordset(["state", "start_datetime"])
        run._prepare_months()
        # (the lock first: the sooner it follows the transaction's snapshot,
        # the less often a client another worker just invoiced is taken)
        cr.execute(
            run._pending_sql(
                SQL("bm.partner_id, bm.package_id, bm.total"),
                lock=True,
                limit=batch_size,
            )
        )
        rows = cr.fetchall()
        remaining = run._count_pending()
        errors, lines = run._check_clients(rows)
        rows = [row for row in rows if row[0] not in errors]
        invoiced = 0
        if rows:
            try:
                invoiced = run._invoice_rows(rows, lines)
            except (UserError, AccessError) as error:
                self.env.invalidate_all()
                if len(rows) == 1:
                    errors[rows[0][0]] = str(error)
                else:
                    # One client's error does not stop the others: the batch
                    # again, client by client.
                    _logger.info(
                        "%s: a batch failed (%s), its clients one by one",
                        run.display_name,
                        error,
                    )
                    for row in rows:
                        try:
                            invoiced += run._invoice_rows([row], lines)
                        except (UserError, AccessError) as client_error:
                            self.env.invalidate_all()
                            errors[row[0]] = str(client_error)
        if errors:
            self.env["desktomy.billing.invoice.run.error"].sudo().create(
                [
                    {"run_id": run.id, "partner_id": partner_id, "reason": reason}
                    for partner_id, reason in errors.items()
                ]
            )
        handled = invoiced + len(errors)
        left = max(remaining - handled, 0)
        if not left:
            # (what another worker still holds is read again: only the
            # last one ends the run)
            left = run._remaining_count()
            if not left:
                run._finish()
        _logger.info(
            "%s (%s): %d clients invoiced, %d failed, %d left",
            run.display_name,
            company.name,
            invoiced,
            len(errors),
            left,
        )
        return handled, left

    def _invoice_rows(self, rows, lines=None):
        """Claim and invoice the client-months of ``rows`` in a savepoint (all
        or nothing); return how many were invoiced. ``lines``: their billing
        lines when already read (``_check_clients``), else None."""
        company = self.company_id
        month_start, month_end = month_bounds(self.month)
        Invoicing = self.env["desktomy.billing.invoice"].sudo().with_company(company)
        with self.env.cr.savepoint():
            # (another worker's claim, committed after this transaction began,
            # is a serialization failure here: the cron tries again at once)
            with mute_logger("odoo.sql_db"):
                claimed = Invoicing._claim(company, month_start, rows, self)
            batch = [row for row in rows if row[0] in claimed]
            if batch:
                ids = {row[0] for row in batch}
                Invoicing._create_invoices(
                    company,
                    month_start,
                    month_end,
                    batch,
                    lines=None
                    if lines is None
                    else [line for line in lines if line["partner_id"] in ids],
                )
        # (the links were written in SQL)
        Invoicing.invalidate_model()
        self.invalidate_model(["link_ids", *COUNT_FIELDS])
        return len(batch)

    def _check_clients(self, rows):
        """``({partner_id: reason}, lines)``: the clients of ``rows`` whose
        invoice cannot be made (no complete invoice address, or a service
        without a sales tax in a company that has sales taxes), and the
        billing lines read for the tax check (None when not read), which the
        invoices then use instead of reading them again."""
        self.ensure_one()
        company = self.company_id
        partners = self.env["res.partner"].browse(row[0] for row in rows)
        errors = {}
        lines = None
        for partner in partners:
            address = partner.browse(partner.address_get(["invoice"])["invoice"])
            if not (address.street and address.city):
                errors[partner.id] = self.env._(
                    "%(client)s has no invoice address (street and city).",
                    client=partner.display_name,
                )
        taxed = (
            self.env["account.tax"]
            .sudo()
            .search_count(
                [
                    *self.env["account.tax"]._check_company_domain(company),
                    ("type_tax_use", "=", "sale"),
                ],
                limit=1,
            )
        )
        if taxed:
            month_start, month_end = month_bounds(self.month)
            lines = self.env["desktomy.service.usage"]._billing_lines(
                partners, month_start, month_end, company
            )
            fee = self.env.ref("desktomy_virtual_office.product_desktomy_package_fee")
            products = (
                self.env["product.product"].browse(
                    {line["service_id"] for line in lines if line["service_id"]}
                )
                | fee
            )
            untaxed = {
                product.id: product
                for product in products.with_company(company)
                if not product.taxes_id.filtered(
                    lambda tax, company=company: tax.company_id in company.parent_ids
                )
            }
            for line in lines:
                product_id = (
                    line["service_id"]
                    if line["service_id"]
                    else (fee.id if line["package_id"] else None)
                )
                if (
                    product_id in untaxed
                    and line["partner_id"] not in errors
                    and (line["billable"] > 0 or not line["service_id"])
                ):
                    errors[line["partner_id"]] = self.env._(
                        "%(service)s has no sales tax in %(company)s.",
                        service=untaxed[product_id].display_name,
                        company=company.display_name,
                    )
        return errors, lines

    def _finish(self):
        """End the run: close the month where it can, notify the user."""
        self.ensure_one()
        month_start, month_end = month_bounds(self.month)
        locked_until = None
        if not self.error_ids.filtered("active"):
            locked_until = self.env["desktomy.billing.invoice"]._close_month(
                self.company_id, month_start, month_end
            )
        end = fields.Datetime.now()
        self.write(
            {
                "state": "done",
                "end_datetime": end,
                "duration": self._duration(end),
                "locked_until": locked_until or self.locked_until,
            }
        )
        self._notify_end()

    def _duration(self, end):
        return (end - (self.start_datetime or end)).total_seconds()

    def _notify_end(self):
        self.ensure_one()
        if self.state == "failed":
            message = self.env._(
                "%(run)s failed: %(reason)s",
                run=self.display_name,
                reason=self.failure,
            )
        else:
            message = self.env._(
                "%(run)s is done: %(done)s clients invoiced, %(errors)s could not be.",
                run=self.display_name,
                done=self.clients_done,
                errors=self.error_count,
            )
        partner = self.user_id.partner_id
        self.message_post(
            body=Markup("<p>%s</p>") % message,
            partner_ids=partner.ids,
            subtype_xmlid="mail.mt_comment",
        )
        if self.user_id:
            self.user_id._bus_send(
                "simple_notification",
                {
                    "type": "warning"
                    if self.state == "failed" or self.error_count
                    else "success",
                    "title": self.env._("Invoice the month"),
                    "message": message,
                    "sticky": True,
                },
            )

    def _fail(self, reason):
        self.ensure_one()
        end = fields.Datetime.now()
        self.write(
            {
                "state": "failed",
                "failure": reason,
                "end_datetime": end,
                "duration": self._duration(end),
            }
        )
        self._notify_end()

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_process_runs(self, batch_size=BATCH_SIZE):
        """One batch of the oldest run with something left; the cron
        framework calls again at once while something remains."""
        runs = self.sudo().search([("state", "in", ("queued", "running"))], order="id")
        cron = self.env["ir.cron"]
        for run in runs:
            try:
                with self.env.cr.savepoint():
                    handled, left = run._process_batch(batch_size)
            except (
                psycopg2.errors.SerializationFailure,
                psycopg2.errors.LockNotAvailable,
            ):
                # (another worker changed what this batch read: the next call,
                # in a new transaction, tries again)
                self.env.invalidate_all()
                cron._notify_progress(done=1, remaining=1)
                return
            except Exception as error:  # noqa: BLE001 (recorded on the run)
                _logger.warning("%s: failed", run.display_name, exc_info=True)
                self.env.invalidate_all()
                run._fail(str(error))
                continue
            if handled or not left:
                others = sum(
                    other._remaining_count() for other in runs if other.id > run.id
                )
                cron._notify_progress(done=handled or 1, remaining=left + others)
                return
        cron._notify_progress(done=0, remaining=0)
