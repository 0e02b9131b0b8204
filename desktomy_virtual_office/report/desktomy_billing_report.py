# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.desktomy_billing_rule import (
    billing_months,
    client_month_sql,
    month_bounds,
)

#: Context keys of the period (ISO dates). The rows depend on them, and on the
#: user and companies (record rules of the clients, packages and usage).
PERIOD_FROM = "desktomy_billing_date_from"
PERIOD_TO = "desktomy_billing_date_to"
#: Context key: compute from the usage lines even when stored months could do.
LIVE = "desktomy_billing_live"
ROW_CONTEXT = (PERIOD_FROM, PERIOD_TO, LIVE, "uid", "allowed_company_ids")


class DesktomyBillingReport(models.Model):
    """Billing summary of every client for a period, one row per client.

    Read-only and backed by SQL (``_table_query``), so that the back-office
    screen is a paged list whatever the number of clients: the database
    computes, for the period given in the context (``desktomy_billing_date_from``
    and ``desktomy_billing_date_to``, the current month by default), exactly
    what ``desktomy.service.usage._get_billing_summary`` computes for one
    client, which stays the reference (portal, PDF, per-service detail):

    * every calendar month of the period is billed on its own, with the
      package in force on its last day (or on the end of the period, when the
      period ends earlier), its full monthly fee and its included quantities;
    * usage beyond the included quantity of a month is billable at the
      package's own price, else at the catalogue price recorded on the usage
      lines (month amount / month quantity), rounded per service and month to
      the currency of the company.

    Every figure is the billing of one office: the current company of the
    user (``env.company``), its usage lines and the history of its packages,
    whatever other companies are selected.

    The clients are read through the ORM's ``_search``, so their record rules
    apply. The amounts come from the stored ``desktomy.billing.month`` of the
    company when the period is made of whole months (opening the screen then
    reads one row per client, whatever the number of usage lines); otherwise
    they are computed from the usage lines and package histories, also read
    through ``_search`` (the record rules of those models apply exactly as
    they do to the reference). The row id is the
    client's (``res.partner``) id.
    """

    _name = "desktomy.billing.report"
    _description = "Billing Summary per Client"
    _auto = False
    _order = "total desc, id"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "active",
            "company_id",
            "complete_name",
            "desktomy_client_number",
            "desktomy_is_client",
        ],
        "desktomy.package.terms": ["date_from", "monthly_fee", "package_id"],
        "desktomy.package.terms.line": [
            "included_qty",
            "override_price",
            "price_unit",
            "service_id",
            "terms_id",
        ],
        "desktomy.package.assignment": [
            "company_id",
            "date_from",
            "package_id",
            "partner_id",
        ],
        "desktomy.service.usage": [
            "amount",
            "company_id",
            "date",
            "partner_id",
            "quantity",
            "service_id",
        ],
        "desktomy.billing.month": [
            "company_id",
            "month",
            "package_fee",
            "package_id",
            "partner_id",
            "total",
            "usage_amount",
        ],
    }

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        readonly=True,
        depends_context=ROW_CONTEXT,
    )
    client_name = fields.Char(readonly=True, depends_context=ROW_CONTEXT)
    client_number = fields.Char(readonly=True, depends_context=ROW_CONTEXT)
    company_id = fields.Many2one(
        comodel_name="res.company", readonly=True, depends_context=ROW_CONTEXT
    )
    package_id = fields.Many2one(
        comodel_name="desktomy.package",
        readonly=True,
        depends_context=ROW_CONTEXT,
        help="The package in force at the end of the period.",
    )
    date_from = fields.Date(string="From", readonly=True, depends_context=ROW_CONTEXT)
    date_to = fields.Date(string="To", readonly=True, depends_context=ROW_CONTEXT)
    currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_currency_id"
    )
    package_fee = fields.Monetary(readonly=True, depends_context=ROW_CONTEXT)
    usage_amount = fields.Monetary(
        string="Services beyond Package", readonly=True, depends_context=ROW_CONTEXT
    )
    total = fields.Monetary(readonly=True, depends_context=ROW_CONTEXT)
    detail_html = fields.Html(
        string="Services",
        compute="_compute_detail_html",
        sanitize=False,
        help="Per-service table of the client, computed when the client is opened.",
    )

    # ------------------------------------------------------------------
    # Period
    # ------------------------------------------------------------------

    @api.model
    def _get_period(self):
        """Return ``(date_from, date_to)`` of the context.

        Without a start, the current month; without an end, the end of the
        start's month.
        """
        context = self.env.context
        try:
            date_from = fields.Date.to_date(context.get(PERIOD_FROM))
            date_to = fields.Date.to_date(context.get(PERIOD_TO))
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("The billing period is not valid.")) from error
        date_from = date_from or month_bounds(fields.Date.context_today(self))[0]
        date_to = date_to or month_bounds(date_from)[1]
        if date_from > date_to:
            raise UserError(
                self.env._("The start of the period must be before its end.")
            )
        return date_from, date_to

    @api.model
    def _period_context(self, date_from, date_to):
        return {
            PERIOD_FROM: fields.Date.to_string(date_from),
            PERIOD_TO: fields.Date.to_string(date_to),
        }

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------

    @property
    def _table_query(self):
        date_from, date_to = self._get_period()
        stored = self._use_stored_months(date_from, date_to)
        if stored:
            # Changes of this transaction first (as the ORM flushes).
            self.env["desktomy.billing.month"]._flush_pending()
        return self._get_table_query(date_from, date_to, stored)

    # The SQL depends on the record rules of the user and companies: cleared
    # with them (and with the registry cache) when rules, users or groups change.
    @tools.ormcache(
        "self.env.uid",
        "self.env.su",
        "tuple(self.env.companies.ids)",
        "self.env.company.id",
        "self.env.context.get('active_test', True)",
        "date_from",
        "date_to",
        "stored",
    )
    def _get_table_query(self, date_from, date_to, stored):
        months = billing_months(date_from, date_to)
        rounding = SQL("%s::numeric", self.env.company.currency_id.rounding)
        if stored:
            # (one month: an equality, so that the count of the list can skip
            # the join, one row per client and month being unique)
            client_months = SQL(
                """
                SELECT partner_id, month AS month_start, package_id,
                       package_fee, usage_amount, total
                  FROM desktomy_billing_month
                 WHERE company_id = %s AND %s
                """,
                self.env.company.id,
                SQL("month = %s", months[0][0])
                if len(months) == 1
                else SQL("month >= %s AND month <= %s", months[0][0], months[-1][0]),
            )
        else:
            client_months = client_month_sql(
                self._query_clients("id"),
                self._query_assignments(date_to),
                self._query_usage_lines(date_from, date_to),
                months,
                self.env.company.currency_id.rounding,
            )
        if stored and len(months) == 1:
            # One stored month: one row per client, with its total.
            summary = client_months
        else:
            summary = SQL(
                """
                SELECT partner_id,
                       package_fee,
                       usage_amount,
                       package_fee + usage_amount AS total,
                       package_id
                  FROM (
                      SELECT client_months.partner_id,
                             ROUND(
                                 SUM(client_months.package_fee) / %(rounding)s
                             ) * %(rounding)s AS package_fee,
                             SUM(client_months.usage_amount) AS usage_amount,
                             MIN(client_months.package_id) FILTER (
                                 WHERE client_months.month_start = %(last_month)s
                             ) AS package_id
                        FROM (%(client_months)s) AS client_months
                       GROUP BY client_months.partner_id
                  ) AS client_period
                """,
                rounding=rounding,
                last_month=months[-1][0],
                client_months=client_months,
            )
        return SQL(
            """
            SELECT clients.id AS id,
                   clients.id AS partner_id,
                   clients.company_id,
                   clients.complete_name AS client_name,
                   clients.desktomy_client_number AS client_number,
                   summary.package_id,
                   %(date_from)s AS date_from,
                   %(date_to)s AS date_to,
                   COALESCE(ROUND(summary.package_fee / %(rounding)s) * %(rounding)s, 0)
                       AS package_fee,
                   COALESCE(summary.usage_amount, 0) AS usage_amount,
                   COALESCE(summary.total, 0) AS total
              FROM (%(clients)s) AS clients
              LEFT JOIN (%(summary)s) AS summary
                ON summary.partner_id = clients.id
            """,
            clients=self._query_clients(
                "id", "company_id", "complete_name", "desktomy_client_number"
            ),
            summary=summary,
            rounding=rounding,
            date_from=SQL("%s::date", date_from),
            date_to=SQL("%s::date", date_to),
        )

    def _use_stored_months(self, date_from, date_to):
        """Whether the stored monthly billing gives the rows of the period:
        whole months, stored for every client, and the standard record rules
        (not as superuser, who ignores them)."""
        if self.env.context.get(LIVE) or self.env.su:
            return False
        if (date_from, date_to) != (
            month_bounds(date_from)[0],
            month_bounds(date_to)[1],
        ):
            return False
        coverage_end = self.env["desktomy.billing.month"]._get_coverage_end()
        return bool(coverage_end and date_to <= coverage_end)

    def _query_clients(self, *fnames):
        query = self.env["res.partner"]._search([("desktomy_is_client", "=", True)])
        return query.select(*(SQL.identifier(query.table, fname) for fname in fnames))

    def _query_assignments(self, date_to):
        query = self.env["desktomy.package.assignment"]._search(
            [("company_id", "=", self.env.company.id), ("date_from", "<=", date_to)]
        )
        return query.select(
            *(
                SQL.identifier(query.table, fname)
                for fname in ("id", "partner_id", "package_id", "date_from")
            )
        )

    def _query_usage_lines(self, date_from, date_to):
        query = self.env["desktomy.service.usage"]._search(
            [
                ("company_id", "=", self.env.company.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        return query.select(
            *(
                SQL.identifier(query.table, fname)
                for fname in ("partner_id", "service_id", "date", "quantity", "amount")
            )
        )

    # ------------------------------------------------------------------
    # Computed fields
    # ------------------------------------------------------------------

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    @api.depends_context(*ROW_CONTEXT)
    def _compute_detail_html(self):
        self.detail_html = False
        rows = self.filtered("partner_id")
        if not rows:
            return
        summaries = self.env["desktomy.service.usage"]._get_billing_summary(
            rows.partner_id, *self._get_period()
        )
        for row in rows:
            row.detail_html = self.env["ir.qweb"]._render(
                "desktomy_virtual_office.billing_summary_table",
                {
                    "summary": summaries[row.partner_id.id],
                    "show_remaining": True,
                    "show_totals": False,
                },
            )

    # ------------------------------------------------------------------
    # Screen
    # ------------------------------------------------------------------

    @api.model
    def action_open(self, date_from=None, date_to=None):
        """The summaries of every client for a period (default: the context's,
        else the current month); dates as ``datetime.date`` or ISO strings."""
        report = self
        if date_from:
            report = self.with_context(**{PERIOD_FROM: date_from, PERIOD_TO: date_to})
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_billing_report_action"
        )
        action["context"] = self._period_context(*report._get_period())
        return action

    @api.model
    def action_shift_period(self, months):
        """The summaries of the month ``months`` before/after the current one."""
        date_from = self._get_period()[0] + relativedelta(months=months)
        return self.action_open(*month_bounds(date_from))

    @api.model
    def action_choose_period(self):
        """A dialog to choose any period (and export it)."""
        date_from, date_to = self._get_period()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Billing Period"),
            "res_model": "desktomy.billing.summary",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_date_from": fields.Date.to_string(date_from),
                "default_date_to": fields.Date.to_string(date_to),
            },
        }

    @api.model
    def get_billing_totals(self, domain=None):
        """Totals of the rows of ``domain`` (all clients) for the screen's header."""
        date_from, date_to = self._get_period()
        [(count, package_fee, usage_amount, total)] = self._read_group(
            domain or [],
            aggregates=[
                "__count",
                "package_fee:sum",
                "usage_amount:sum",
                "total:sum",
            ],
        )
        return {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "clients": count,
            "package_fee": package_fee or 0.0,
            "usage_amount": usage_amount or 0.0,
            "total": total or 0.0,
            "currency_id": self.env.company.currency_id.id,
        }

    def action_print_pdf(self):
        """The billing summary PDF of the selected clients, for the period."""
        if not self:
            raise UserError(self.env._("Select the clients to print."))
        date_from, date_to = self._get_period()
        return self.env.ref(
            "desktomy_virtual_office.action_report_billing_summary"
        ).report_action(
            self.partner_id,
            data={
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
        )

    def action_export_xlsx(self):
        """XLSX of the selected rows, or of every row of the current search."""
        rows = self or self.search(self.env.context.get("active_domain") or [])
        date_from, date_to = self._get_period()
        export = self.env["desktomy.billing.summary"].create(
            {"date_from": date_from, "date_to": date_to}
        )
        return export._action_download_xlsx(rows)

    def action_invoice_month(self):
        """Start the invoicing of the month of the screen, for every client
        billed in it, in the background (``desktomy.billing.invoice.run``),
        and open the run. A month that has a run is refused with a link to
        it; a failed run is resumed."""
        date_from, date_to = self._get_period()
        if (date_from, date_to) != month_bounds(date_from):
            raise UserError(
                self.env._("Invoices are made by whole months: choose one month.")
            )
        run = self.env["desktomy.billing.invoice.run"]._start(date_from)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Invoice the month"),
                "message": self.env._(
                    "%(run)s started: %(count)s clients to invoice. You are "
                    "notified when it ends.",
                    run=run.display_name,
                    count=run.clients_total,
                ),
                "type": "success",
                "next": run._get_form_action(),
            },
        }
