# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .desktomy_billing_rule import billing_months, client_month_sql, month_bounds

_logger = logging.getLogger(__name__)

#: ir.config_parameter: last day up to which every client has its stored months.
COVERAGE_PARAM = "desktomy_virtual_office.billing_months_until"
#: Key of the clients whose months must be recomputed, in ``cr.precommit.data``.
PENDING = "desktomy.billing.month.pending"


class DesktomyBillingMonth(models.Model):
    """Stored billing of a client for a whole month, in one company.

    What ``_get_billing_summary`` computes for the month, for a user of that
    company (its usage lines, the packages of the company or shared ones):
    the back-office summaries read these rows instead of the usage lines, so
    that opening the screen costs the same whatever the number of clients and
    lines. Kept up to date in SQL by the changes of usage lines, package
    histories, packages and package lines (``_refresh``); rebuilt on module
    update (``init``) and after bulk loads in SQL (``_rebuild``). Every client
    has its months up to the day stored in ``desktomy_virtual_office.
    billing_months_until``, moved forward by a daily cron; a month without a
    row has neither a package nor billable usage.
    """

    _name = "desktomy.billing.month"
    _description = "Monthly Billing of a Client"
    _log_access = False
    _order = "month desc, partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, ondelete="cascade"
    )
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    package_id = fields.Many2one(
        comodel_name="desktomy.package", readonly=True, ondelete="set null"
    )
    package_fee = fields.Float(readonly=True, digits=0)
    total = fields.Float(readonly=True, digits=0)
    usage_amount = fields.Float(
        string="Services beyond Package", readonly=True, digits=0
    )

    def init(self):
        # One row per company, month and client; the screen reads the rows of
        # a month from the index alone.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS desktomy_billing_month_unique
                    ON %s (company_id, month, partner_id)
                    INCLUDE (package_id, package_fee, usage_amount, total)
                """,
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------
    # Coverage
    # ------------------------------------------------------------------

    @api.model
    def _get_coverage_end(self):
        """Last day up to which the months of every client are stored (or None)."""
        value = self.env["ir.config_parameter"].sudo().get_param(COVERAGE_PARAM)
        return fields.Date.to_date(value) if value else None

    @api.model
    def _target_coverage_end(self):
        """End of next month: the months the screen opens on are stored."""
        today = fields.Date.context_today(self)
        return month_bounds(today + relativedelta(months=1))[1]

    @api.model
    def _cron_extend(self):
        """Store the months of a new month for every client (daily)."""
        self._flush_pending()
        coverage_end = self._get_coverage_end()
        target = self._target_coverage_end()
        if coverage_end is None:
            self._rebuild()
        elif coverage_end < target:
            self._refresh(None, coverage_end + relativedelta(days=1), target)
            self._set_coverage_end(target)

    @api.model
    def _set_coverage_end(self, day):
        self.env["ir.config_parameter"].sudo().set_param(
            COVERAGE_PARAM, fields.Date.to_string(day)
        )

    # ------------------------------------------------------------------
    # Maintenance (SQL)
    # ------------------------------------------------------------------

    @api.model
    def _rebuild(self):
        """Recompute every stored month, from the first usage or package on."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT LEAST(
                (SELECT MIN(date) FROM desktomy_service_usage),
                (SELECT MIN(date_from) FROM desktomy_package_assignment)
            )
            """
        )
        [first_day] = cr.fetchone()
        target = self._target_coverage_end()
        self.env.cr.precommit.data.pop(PENDING, None)
        cr.execute(SQL("TRUNCATE %s", SQL.identifier(self._table)))
        if first_day and first_day <= target:
            self._refresh(None, first_day, target, delete=False)
        cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))
        self._set_coverage_end(target)
        _logger.info("Billing months rebuilt up to %s", target)

    @api.model
    def _refresh(self, partner_ids, date_from, date_to, delete=True):
        """Recompute the stored months of ``partner_ids`` (None: every partner
        with a package history or usage) from the month of ``date_from`` to
        the month of ``date_to``, in every company."""
        if partner_ids is not None and not partner_ids:
            return
        self.env.flush_all()
        months = billing_months(month_bounds(date_from)[0], month_bounds(date_to)[1])
        first, last = months[0][0], months[-1][1]
        if partner_ids is None:
            partner_filter = SQL("TRUE")
        else:
            partner_filter = SQL("partner_id = ANY(%s)", list(partner_ids))
        if delete:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s AND month >= %s AND month <= %s",
                    SQL.identifier(self._table),
                    partner_filter,
                    first,
                    last,
                )
            )
        partners = SQL(
            """
            SELECT partner_id AS id FROM desktomy_package_assignment
             WHERE %(filter)s AND date_from <= %(last)s
            UNION
            SELECT partner_id FROM desktomy_service_usage
             WHERE %(filter)s AND date >= %(first)s AND date <= %(last)s
            """,
            filter=partner_filter,
            first=first,
            last=last,
        )
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        for company in companies.search([]):
            assignments = SQL(
                """
                SELECT id, partner_id, package_id, date_from
                  FROM desktomy_package_assignment
                 WHERE %s AND date_from <= %s AND company_id = %s
                """,
                partner_filter,
                last,
                company.id,
            )
            usage_lines = SQL(
                """
                SELECT partner_id, service_id, date, quantity, amount
                  FROM desktomy_service_usage
                 WHERE %s AND date >= %s AND date <= %s AND company_id = %s
                """,
                partner_filter,
                first,
                last,
                company.id,
            )
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO %(table)s
                           (partner_id, company_id, month, package_id,
                            package_fee, usage_amount, total)
                    SELECT partner_id, %(company)s, month_start, package_id,
                           package_fee, usage_amount,
                           ROUND(package_fee / %(rounding)s) * %(rounding)s
                           + usage_amount
                      FROM (%(client_months)s) AS client_months
                     WHERE package_id IS NOT NULL OR usage_amount != 0
                     ORDER BY month_start, partner_id
                    """,
                    table=SQL.identifier(self._table),
                    company=company.id,
                    rounding=SQL("%s::numeric", company.currency_id.rounding),
                    client_months=client_month_sql(
                        partners,
                        assignments,
                        usage_lines,
                        months,
                        company.currency_id.rounding,
                    ),
                )
            )
        # The summaries read in this transaction are out of date.
        self.invalidate_model()
        self.env["desktomy.billing.report"].invalidate_model()

    @api.model
    def _refresh_partners(self, dates_by_partner, until_coverage=False):
        """Recompute, before the transaction commits (or before the stored
        months are read, see ``_flush_pending``), the months of
        ``{partner_id: [dates]}``: from the first to the last date, or to the
        end of the coverage."""
        precommit = self.env.cr.precommit
        pending = precommit.data.get(PENDING)
        for partner_id, dates in dates_by_partner.items():
            dates = [day for day in dates if day]
            if not partner_id or not dates:
                continue
            if pending is None:
                pending = precommit.data[PENDING] = {}
                precommit.add(self._flush_pending)
            first, last, to_coverage = pending.get(
                partner_id, (min(dates), max(dates), False)
            )
            pending[partner_id] = (
                min(first, *dates),
                max(last, *dates),
                to_coverage or until_coverage,
            )

    @api.model
    def _flush_pending(self):
        """Recompute the months changed in this transaction (see
        ``_refresh_partners``)."""
        pending = self.env.cr.precommit.data.pop(PENDING, None)
        if not pending:
            return
        date_from = min(first for first, _last, _to_coverage in pending.values())
        date_to = max(last for _first, last, _to_coverage in pending.values())
        coverage_end = self._get_coverage_end()
        if coverage_end and any(
            to_coverage for *_dates, to_coverage in pending.values()
        ):
            date_to = max(date_to, coverage_end)
        self._refresh(list(pending), date_from, date_to)
