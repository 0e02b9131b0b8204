# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: ir.config_parameter: last day up to which every client has its stored months.
COVERAGE_PARAM = "desktomy_virtual_office.billing_months_until"
#: Key of the clients whose months must be recomputed, in ``cr.precommit.data``.
PENDING = "desktomy.billing.month.pending"


def month_bounds(day):
    """First and last day of the month of ``day``."""
    first = day.replace(day=1)
    return first, first + relativedelta(months=1, days=-1)


def billing_months(date_from, date_to):
    """``[(first day, governing day)]`` of the calendar months of a period.

    The governing day is the last day of the month, or ``date_to`` when the
    period ends earlier: the package in force on that day applies to the month.
    """
    months = []
    month = date_from.replace(day=1)
    while month <= date_to:
        months.append((month, min(month_bounds(month)[1], date_to)))
        month += relativedelta(months=1)
    return months


def client_month_sql(clients, assignments, usage_lines, months, rounding):
    """SQL of the billing of every client and month of a period.

    One row per client of ``clients`` and month of ``months``: ``partner_id``,
    ``month_start``, ``package_id`` (in force on the month's governing day),
    ``package_fee`` (its monthly fee) and ``usage_amount`` (usage beyond the
    month's included quantities, at the package's own price or else at the
    catalogue price of the month's lines, rounded per service and month), as
    ``desktomy.service.usage._get_billing_summary`` computes them.

    :param clients: SQL selecting the client ids (column ``id``)
    :param assignments: SQL selecting ``id, partner_id, package_id, date_from``
        of the package history (up to the end of the period)
    :param usage_lines: SQL selecting ``partner_id, service_id, date, quantity,
        amount`` of the usage lines of the period
    :param months: ``billing_months(date_from, date_to)``
    :param rounding: rounding of the currency (``res.currency.rounding``)
    """
    return SQL(
        """
        WITH months (month_start, day_to) AS (VALUES %(months)s),
        clients AS (%(clients)s),
        assignments AS (%(assignments)s),
        usage_lines AS (%(usage_lines)s),
        client_months AS (
            SELECT DISTINCT ON (clients.id, months.month_start)
                   clients.id AS partner_id,
                   months.month_start,
                   assignments.package_id
              FROM clients
             CROSS JOIN months
              LEFT JOIN assignments
                ON assignments.partner_id = clients.id
               AND assignments.date_from <= months.day_to
             ORDER BY clients.id, months.month_start,
                      assignments.date_from DESC, assignments.id DESC
        ),
        usage AS (
            SELECT usage_lines.partner_id,
                   usage_lines.service_id,
                   months.month_start,
                   SUM(usage_lines.quantity) AS quantity,
                   SUM(usage_lines.amount) AS amount
              FROM usage_lines
              JOIN months
                ON usage_lines.date >= months.month_start
               AND usage_lines.date <= months.day_to
             GROUP BY usage_lines.partner_id, usage_lines.service_id,
                      months.month_start
        ),
        usage_amounts AS (
            SELECT usage.partner_id,
                   usage.month_start,
                   SUM(ROUND(
                       CASE WHEN line.override_price
                            THEN line.price_unit
                                 * (usage.quantity - COALESCE(line.included_qty, 0))
                            ELSE usage.amount
                                 * (usage.quantity - COALESCE(line.included_qty, 0))
                                 / usage.quantity
                       END / %(rounding)s
                   ) * %(rounding)s) AS usage_amount
              FROM usage
              JOIN client_months
                ON client_months.partner_id = usage.partner_id
               AND client_months.month_start = usage.month_start
              LEFT JOIN desktomy_package_line AS line
                ON line.package_id = client_months.package_id
               AND line.service_id = usage.service_id
             WHERE usage.quantity > COALESCE(line.included_qty, 0)
             GROUP BY usage.partner_id, usage.month_start
        )
        SELECT client_months.partner_id,
               client_months.month_start,
               client_months.package_id,
               COALESCE(package.monthly_fee, 0) AS package_fee,
               COALESCE(usage_amounts.usage_amount, 0) AS usage_amount
          FROM client_months
          LEFT JOIN desktomy_package AS package
            ON package.id = client_months.package_id
          LEFT JOIN usage_amounts
            ON usage_amounts.partner_id = client_months.partner_id
           AND usage_amounts.month_start = client_months.month_start
        """,
        months=SQL(", ").join(
            SQL("(%s::date, %s::date)", start, end) for start, end in months
        ),
        clients=clients,
        assignments=assignments,
        usage_lines=usage_lines,
        rounding=SQL("%s::numeric", rounding),
    )


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
        months = billing_months(date_from.replace(day=1), month_bounds(date_to)[1])
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
                 WHERE %s AND date_from <= %s
                   AND (company_id IS NULL OR company_id = %s)
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
