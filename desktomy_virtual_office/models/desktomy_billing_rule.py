# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pricing rule, written once.

Every figure of the billing (one client's summary, the summaries screen, the
stored months, the PDF and XLSX exports, the client panel) comes from
:func:`billing_lines_sql`; nothing else prices usage. See the "Billing rules"
section of the README.
"""

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL, date_utils


def month_bounds(day):
    """First and last day of the month of ``day``."""
    return date_utils.start_of(day, "month"), date_utils.end_of(day, "month")


def billing_months(date_from, date_to):
    """``[(first day, governing day)]`` of the calendar months of a period.

    The governing day is the last day of the month, or ``date_to`` when the
    period ends earlier: the package (and the version of its terms) in force
    on that day applies to the month.
    """
    months = []
    month = date_utils.start_of(date_from, "month")
    while month <= date_to:
        months.append((month, min(date_utils.end_of(month, "month"), date_to)))
        month += relativedelta(months=1)
    return months


def billing_lines_sql(
    clients, assignments, usage_lines, months, rounding, with_included=True
):
    """SQL of the billing of every client, month and service of a period.

    One row per client of ``clients`` and month of ``months`` with
    ``partner_id``, ``month_start``, ``package_id`` (the package in force on
    the month's governing day), ``package_fee`` (the monthly fee of the
    version of its terms in force on that day), and, once per service used in
    the month or included in the package (else one row with ``service_id``
    NULL): ``service_id``, ``quantity`` (used), ``included``, ``billable``
    (used beyond the included quantity), ``price`` (the package's own price,
    else the catalogue price of the month's usage lines: their amount divided
    by their quantity) and ``amount`` (billable times price, rounded to the
    currency).

    :param clients: SQL selecting the client ids (column ``id``)
    :param assignments: SQL selecting ``id, partner_id, package_id, date_from``
        of the package history of one company (up to the end of the period)
    :param usage_lines: SQL selecting ``partner_id, service_id, date, quantity,
        amount`` of the usage lines of one company in the period (only those)
    :param months: ``billing_months(date_from, date_to)``
    :param rounding: rounding of the company's currency
    :param with_included: also the rows of the services included in the
        package but not used (amount 0; for the per-service table)
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
                   months.day_to,
                   assignments.package_id
              FROM clients
             CROSS JOIN months
              LEFT JOIN assignments
                ON assignments.partner_id = clients.id
               AND assignments.date_from <= months.day_to
             ORDER BY clients.id, months.month_start,
                      assignments.date_from DESC, assignments.id DESC
        ),
        client_terms AS (
            SELECT DISTINCT ON (client_months.partner_id, client_months.month_start)
                   client_months.partner_id,
                   client_months.month_start,
                   client_months.package_id,
                   terms.id AS terms_id,
                   COALESCE(terms.monthly_fee, 0) AS package_fee
              FROM client_months
              LEFT JOIN desktomy_package_terms AS terms
                ON terms.package_id = client_months.package_id
               AND (terms.date_from IS NULL
                    OR terms.date_from <= client_months.day_to)
             ORDER BY client_months.partner_id, client_months.month_start,
                      terms.date_from DESC NULLS LAST, terms.id DESC
        ),
        usage AS (
            -- (the lines are those of the period: each falls in its month)
            SELECT usage_lines.partner_id,
                   usage_lines.service_id,
                   date_trunc('month', usage_lines.date)::date AS month_start,
                   SUM(usage_lines.quantity) AS quantity,
                   SUM(usage_lines.amount) AS amount
              FROM usage_lines
             GROUP BY 1, 2, 3
        ),
        service_months AS (
            SELECT client_terms.partner_id,
                   client_terms.month_start,
                   usage.service_id,
                   usage.quantity,
                   COALESCE(line.included_qty, 0) AS included,
                   GREATEST(usage.quantity - COALESCE(line.included_qty, 0), 0)
                       AS billable,
                   CASE WHEN line.override_price THEN line.price_unit
                        WHEN usage.quantity != 0
                        THEN usage.amount / usage.quantity
                   END AS price
              FROM client_terms
              JOIN usage
                ON usage.partner_id = client_terms.partner_id
               AND usage.month_start = client_terms.month_start
              LEFT JOIN desktomy_package_terms_line AS line
                ON line.terms_id = client_terms.terms_id
               AND line.service_id = usage.service_id
            %(included_only)s
        )
        SELECT client_terms.partner_id,
               client_terms.month_start,
               client_terms.package_id,
               client_terms.package_fee,
               service_months.service_id,
               service_months.quantity,
               service_months.included,
               service_months.billable,
               service_months.price,
               COALESCE(
                   ROUND(
                       service_months.billable * service_months.price
                       / %(rounding)s
                   ) * %(rounding)s,
                   0
               ) AS amount
          FROM client_terms
          LEFT JOIN service_months
            ON service_months.partner_id = client_terms.partner_id
           AND service_months.month_start = client_terms.month_start
        """,
        months=SQL(", ").join(
            SQL("(%s::date, %s::date)", start, end) for start, end in months
        ),
        clients=clients,
        assignments=assignments,
        usage_lines=usage_lines,
        rounding=SQL("%s::numeric", rounding),
        included_only=SQL(
            """
            UNION ALL
            SELECT client_terms.partner_id,
                   client_terms.month_start,
                   line.service_id,
                   0,
                   line.included_qty,
                   0,
                   CASE WHEN line.override_price THEN line.price_unit END
              FROM client_terms
              JOIN desktomy_package_terms_line AS line
                ON line.terms_id = client_terms.terms_id
             WHERE NOT EXISTS (
                   SELECT 1 FROM usage
                    WHERE usage.partner_id = client_terms.partner_id
                      AND usage.month_start = client_terms.month_start
                      AND usage.service_id = line.service_id)
            """
        )
        if with_included
        else SQL(),
    )


def client_month_sql(clients, assignments, usage_lines, months, rounding):
    """SQL of the billing of every client and month of a period:
    ``partner_id``, ``month_start``, ``package_id``, ``package_fee`` and
    ``usage_amount`` (the sum of the services' amounts), from
    :func:`billing_lines_sql` (same parameters)."""
    return SQL(
        """
        SELECT partner_id, month_start, package_id, package_fee,
               COALESCE(SUM(amount), 0) AS usage_amount
          FROM (%s) AS billing_lines
         GROUP BY partner_id, month_start, package_id, package_fee
        """,
        billing_lines_sql(
            clients, assignments, usage_lines, months, rounding, with_included=False
        ),
    )
