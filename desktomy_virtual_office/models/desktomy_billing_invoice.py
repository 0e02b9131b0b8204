# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invoices of the monthly billing, in Odoo Accounting.

One draft customer invoice per client, company and month, whose lines are the
rows of the one pricing rule (``billing_lines_sql``): the package fee, then
each service used beyond the package. See "How a month is invoiced" in the
README.
"""

import logging

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_round, format_date, split_every

from .desktomy_billing_rule import month_bounds

_logger = logging.getLogger(__name__)

#: Invoices created per ORM batch (memory; the query count grows linearly).
INVOICE_BATCH = 500


class DesktomyBillingInvoice(models.Model):
    """An invoiced client-month: the unique link client + company + month ->
    invoice.

    Written only by :meth:`_invoice_month` (in SQL, before the invoices are
    created, so that two concurrent calls cannot both invoice a client-month:
    the second waits for the first and is then refused by the database and
    retried, which skips the month) and deleted only when its invoice is
    cancelled or deleted by an accounting manager (``account.move``), which
    reopens the month for that client. While it exists, the client's months
    up to this one are closed in the company (``res.company.
    _desktomy_billing_closed_until``).
    """

    _name = "desktomy.billing.invoice"
    _description = "Invoiced Client Month"
    _order = "month desc, partner_id"
    _rec_name = "move_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, ondelete="cascade"
    )
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    package_id = fields.Many2one(
        comodel_name="desktomy.package", readonly=True, ondelete="set null"
    )
    total = fields.Float(
        readonly=True, digits=0, help="The billing summary's total of the month."
    )
    run_id = fields.Many2one(
        comodel_name="desktomy.billing.invoice.run",
        string="Invoicing Run",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    _sql_constraints = [
        (
            "client_month_unique",
            "unique(company_id, month, partner_id)",
            "A client's month is invoiced only once in each company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------

    @api.model
    def _check_invoicing_rights(self):
        if self.env.su:
            return
        user = self.env.user
        if not (
            user.has_group("desktomy_virtual_office.group_desktomy_manager")
            and user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._(
                    "Only a Virtual Office administrator with the Invoicing "
                    "rights (Billing) can invoice a month."
                )
            )

    @api.model
    def _invoice_month(self, month, partners=None):
        """Draft one customer invoice per client for ``month`` (any day of
        it) in the current company (``env.company``).

        :param partners: the clients to invoice (None: every client billed in
            the month)
        :return: ``{"moves": account.move, "skipped": res.partner (already
            invoiced), "empty": res.partner (nothing to invoice),
            "locked_until": the company's new lock date or None}``
        """
        self._check_invoicing_rights()
        company = self.env.company
        month_start, month_end = month_bounds(month)
        today = fields.Date.context_today(self)
        if month_start > today:
            raise UserError(
                self.env._("Only a month that has started can be invoiced.")
            )
        BillingMonth = self.env["desktomy.billing.month"]
        BillingMonth._flush_pending()
        coverage_end = BillingMonth._get_coverage_end()
        if not coverage_end or coverage_end < month_end:
            BillingMonth.sudo()._cron_extend()
        self.env.flush_all()
        cr = self.env.cr
        # The client-months of the company and month with something to bill,
        # for the clients the user can see (their record rules).
        clients = self.env["res.partner"]._search(
            [("desktomy_is_client", "=", True)]
            + ([("id", "in", partners.ids)] if partners is not None else [])
        )
        cr.execute(
            SQL(
                """
                SELECT bm.partner_id, bm.package_id, bm.total,
                       inv.id IS NOT NULL AS invoiced
                  FROM desktomy_billing_month bm
                  LEFT JOIN desktomy_billing_invoice inv
                    ON inv.company_id = bm.company_id
                   AND inv.month = bm.month
                   AND inv.partner_id = bm.partner_id
                 WHERE bm.company_id = %s AND bm.month = %s
                   AND bm.partner_id IN (%s)
                 ORDER BY bm.partner_id
                """,
                company.id,
                month_start,
                clients.select(),
            )
        )
        rows = cr.fetchall()
        Partner = self.env["res.partner"]
        skipped = Partner.browse(row[0] for row in rows if row[3])
        currency = company.currency_id
        to_bill = [row for row in rows if not row[3] and not currency.is_zero(row[2])]
        billed_ids = {row[0] for row in rows}
        empty = Partner.browse(
            row[0] for row in rows if not row[3] and currency.is_zero(row[2])
        )
        if partners is not None:
            empty |= partners.filtered(lambda partner: partner.id not in billed_ids)
        moves = self.env["account.move"]
        if to_bill:
            # Claim the client-months first: a concurrent call waits here,
            # then fails to serialize and is retried (and skips them).
            claimed = self._claim(company, month_start, to_bill)
            skipped |= Partner.browse(
                row[0] for row in to_bill if row[0] not in claimed
            )
            to_bill = [row for row in to_bill if row[0] in claimed]
            for batch in split_every(INVOICE_BATCH, to_bill, list):
                moves |= self._create_invoices(company, month_start, month_end, batch)
            self.invalidate_model()
        locked_until = None
        if partners is None:
            locked_until = self._close_month(company, month_start, month_end)
        return {
            "moves": moves,
            "skipped": skipped,
            "empty": empty,
            "locked_until": locked_until,
        }

    @api.model
    def _claim(self, company, month_start, rows, run=None):
        """Insert the links of the client-months of ``rows`` (``(partner_id,
        package_id, total)``) before their invoices exist; return the ids of
        the clients claimed (a client-month already linked is not)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                INSERT INTO desktomy_billing_invoice
                       (partner_id, company_id, month, package_id, total, run_id,
                        create_uid, write_uid, create_date, write_date)
                SELECT claim.partner_id, %(company)s, %(month)s,
                       claim.package_id, claim.total, %(run)s,
                       %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(partners)s::int4[], %(packages)s::int4[],
                              %(totals)s::numeric[])
                       AS claim(partner_id, package_id, total)
                    ON CONFLICT (company_id, month, partner_id) DO NOTHING
                RETURNING partner_id
                """,
                company=company.id,
                month=month_start,
                run=run.id if run else None,
                uid=self.env.uid,
                now=cr.now(),
                partners=[row[0] for row in rows],
                packages=[row[1] for row in rows],
                totals=[row[2] for row in rows],
            )
        )
        return {row[0] for row in cr.fetchall()}

    @api.model
    def _create_invoices(self, company, month_start, month_end, rows, lines=None):
        """Create the invoices of ``rows`` (``(partner_id, package_id, total)``,
        claimed) and link them and their usage lines; return the invoices."""
        Usage = self.env["desktomy.service.usage"]
        partners = self.env["res.partner"].browse(row[0] for row in rows)
        partners.fetch(["lang", "name"])
        totals = {row[0]: row[2] for row in rows}
        if lines is None:
            lines = Usage._billing_lines(partners, month_start, month_end, company)
        fee_product = self.env.ref(
            "desktomy_virtual_office.product_desktomy_package_fee"
        ).with_company(company)
        currency = company.currency_id
        price_digits = self.env["decimal.precision"].precision_get("Product Price")
        by_partner = {}
        for line in lines:
            by_partner.setdefault(line["partner_id"], []).append(line)
        services = self.env["product.product"].browse(
            {line["service_id"] for line in lines if line["service_id"]}
        )
        packages = self.env["desktomy.package"].browse(
            {line["package_id"] for line in lines if line["package_id"]}
        )
        langs = set(partners.mapped("lang")) | {self.env.lang or "en_US"}
        names = {}
        for lang in langs:
            names[lang] = {
                "service": {
                    service.id: service.name
                    for service in services.with_context(lang=lang)
                },
                "package": {
                    package.id: package.name
                    for package in packages.with_context(lang=lang)
                },
                "month": format_date(
                    self.env(context=dict(self.env.context, lang=lang)),
                    month_start,
                    date_format="LLLL yyyy",
                    lang_code=lang,
                ),
            }
        addresses = {
            partner.id: partner.address_get(["invoice"])["invoice"]
            for partner in partners
        }
        Move = (
            self.env["account.move"]
            .with_company(company)
            .with_context(
                default_move_type="out_invoice",
                # (no "created" message per invoice; the drafts get their
                # number when they are posted)
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
        )
        Journal = self.env["account.journal"]
        journal = Journal.search(
            [*Journal._check_company_domain(company), ("type", "=", "sale")], limit=1
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no sales journal to invoice in.",
                    company=company.display_name,
                )
            )
        # Without analytic distribution models, each line would still look
        # for one (a query per line): say there is none.
        no_analytics = (
            {"analytic_distribution": False}
            if not self.env["account.analytic.distribution.model"]
            .sudo()
            .search_count([("company_id", "in", [company.id, False])], limit=1)
            else {}
        )
        vals_list = []
        keys = []
        for partner in partners:
            lang = partner.lang or self.env.lang or "en_US"
            env_lang = self.with_context(lang=lang).env
            label = names[lang]
            invoice_lines = []
            line_keys = []
            partner_lines = by_partner.get(partner.id, [])
            package_id = partner_lines[0]["package_id"] if partner_lines else None
            fee = (
                currency.round(partner_lines[0]["package_fee"] or 0.0)
                if (partner_lines)
                else 0.0
            )
            if package_id:
                invoice_lines.append(
                    Command.create(
                        {
                            "product_id": fee_product.id,
                            "name": env_lang._(
                                "%(package)s: monthly fee, %(month)s",
                                package=label["package"][package_id],
                                month=label["month"],
                            ),
                            "quantity": 1.0,
                            "price_unit": fee,
                            **no_analytics,
                        }
                    )
                )
                line_keys.append(None)
            for line in sorted(
                (line for line in partner_lines if line["service_id"]),
                key=lambda line: line["service_id"],
            ):
                if line["billable"] <= 0:
                    continue
                quantity = line["billable"]
                price = float_round(line["price"] or 0.0, precision_digits=price_digits)
                if float_compare(
                    currency.round(quantity * price),
                    line["amount"],
                    precision_rounding=currency.rounding,
                ):
                    # (an average of several catalogue prices: the amount as
                    # the price of the whole quantity)
                    quantity, price = 1.0, line["amount"]
                invoice_lines.append(
                    Command.create(
                        {
                            "product_id": line["service_id"],
                            "name": env_lang._(
                                "%(service)s, %(month)s: used %(used)s, included "
                                "%(included)s, charged %(billable)s",
                                service=label["service"][line["service_id"]],
                                month=label["month"],
                                used=_number(line["quantity"]),
                                included=_number(line["included"]),
                                billable=_number(line["billable"]),
                            ),
                            "quantity": quantity,
                            "price_unit": price,
                            **no_analytics,
                        }
                    )
                )
                line_keys.append(line["service_id"])
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "name": "/",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "partner_id": addresses[partner.id],
                    "desktomy_client_id": partner.id,
                    "desktomy_billing_month": month_start,
                    "invoice_origin": env_lang._(
                        "Virtual office, %(month)s", month=label["month"]
                    ),
                    "invoice_line_ids": invoice_lines,
                }
            )
            keys.append((partner.id, package_id, line_keys))
        moves = Move.create(vals_list)
        # Link the invoices, and each usage line to the invoice line that
        # charged it (a service within the package: the fee's line).
        link_partners, link_moves = [], []
        usage_partners, usage_services, usage_lines, fee_partners, fee_lines = (
            [],
            [],
            [],
            [],
            [],
        )
        for move, (partner_id, _package_id, line_keys) in zip(moves, keys, strict=True):
            link_partners.append(partner_id)
            link_moves.append(move.id)
            for invoice_line in move.invoice_line_ids:
                if invoice_line.product_id == fee_product:
                    fee_partners.append(partner_id)
                    fee_lines.append(invoice_line.id)
                elif invoice_line.product_id.id in line_keys:
                    usage_partners.append(partner_id)
                    usage_services.append(invoice_line.product_id.id)
                    usage_lines.append(invoice_line.id)
            untaxed = currency.round(move.amount_untaxed)
            if float_compare(
                untaxed, totals[partner_id], precision_rounding=currency.rounding
            ):
                raise UserError(
                    self.env._(
                        "The invoice of %(client)s (%(amount)s) does not match "
                        "its billing summary (%(total)s).",
                        client=move.desktomy_client_id.display_name,
                        amount=untaxed,
                        total=totals[partner_id],
                    )
                )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                UPDATE desktomy_billing_invoice inv
                   SET move_id = link.move_id
                  FROM unnest(%s::int4[], %s::int4[]) AS link(partner_id, move_id)
                 WHERE inv.company_id = %s AND inv.month = %s
                   AND inv.partner_id = link.partner_id
                """,
                link_partners,
                link_moves,
                company.id,
                month_start,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE desktomy_service_usage usage
                   SET invoice_line_id = COALESCE(charged.line_id, fee.line_id)
                  FROM desktomy_service_usage AS line_usage
                  LEFT JOIN unnest(%(partners)s::int4[], %(services)s::int4[],
                                   %(lines)s::int4[])
                       AS charged(partner_id, service_id, line_id)
                    ON charged.partner_id = line_usage.partner_id
                   AND charged.service_id = line_usage.service_id
                  LEFT JOIN unnest(%(fee_partners)s::int4[], %(fee_lines)s::int4[])
                       AS fee(partner_id, line_id)
                    ON fee.partner_id = line_usage.partner_id
                 WHERE usage.id = line_usage.id
                   AND line_usage.company_id = %(company)s
                   AND line_usage.partner_id = ANY(%(all_partners)s)
                   AND line_usage.date >= %(first)s AND line_usage.date <= %(last)s
                   AND line_usage.invoice_line_id IS NULL
                   AND COALESCE(charged.line_id, fee.line_id) IS NOT NULL
                """,
                partners=usage_partners,
                services=usage_services,
                lines=usage_lines,
                fee_partners=fee_partners,
                fee_lines=fee_lines,
                company=company.id,
                all_partners=link_partners,
                first=month_start,
                last=month_end,
            )
        )
        Usage.invalidate_model(["invoice_line_id"])
        self.env["account.move.line"].invalidate_model(["desktomy_usage_ids"])
        company.sudo()._desktomy_set_invoiced_until(month_end)
        return moves

    @api.model
    def _close_month(self, company, month_start, month_end):
        """Move the company's lock date to the end of the month once every
        client-month to bill up to it, since the lock date, is invoiced, and
        the month has ended. Return the new lock date (None: unchanged)."""
        company = company.sudo()
        lock_date = company.desktomy_billing_lock_date
        if month_end >= fields.Date.context_today(self) or (
            lock_date and lock_date >= month_end
        ):
            return None
        self.env.cr.execute(
            SQL(
                """
                SELECT 1
                  FROM desktomy_billing_month bm
                 WHERE bm.company_id = %s AND bm.month <= %s AND bm.month > %s
                   AND bm.total != 0
                   AND NOT EXISTS (
                       SELECT 1 FROM desktomy_billing_invoice inv
                        WHERE inv.company_id = bm.company_id
                          AND inv.month = bm.month
                          AND inv.partner_id = bm.partner_id)
                 LIMIT 1
                """,
                company.id,
                month_start,
                lock_date or fields.Date.to_date("1900-01-01"),
            )
        )
        if self.env.cr.fetchone():
            return None
        company.desktomy_billing_lock_date = month_end
        return month_end

    @api.model
    def _reopen(self, moves):
        """Forget the invoiced client-months of ``moves`` (cancelled or
        deleted) and unlink their usage lines; only an accounting manager."""
        links = self.sudo().search([("move_id", "in", moves.ids)])
        if not links:
            return
        if not self.env.su and not self.env.user.has_group(
            "account.group_account_manager"
        ):
            raise UserError(
                self.env._(
                    "Only an accounting manager can cancel or delete the invoice "
                    "of a client's month: it would reopen the month for billing."
                )
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_service_usage SET invoice_line_id = NULL
                 WHERE invoice_line_id IN (
                       SELECT id FROM account_move_line WHERE move_id = ANY(%s))
                """,
                moves.ids,
            )
        )
        self.env["desktomy.service.usage"].invalidate_model(["invoice_line_id"])
        links.unlink()

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_invoice_previous_month(self):
        """Start the run of the previous month in each company whose
        automatic invoicing is on, on its chosen day (daily); the invoices are
        made by the run's cron (``desktomy.billing.invoice.run``)."""
        today = fields.Date.context_today(self)
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("desktomy_invoice_auto", "=", True)])
        )
        last_day = month_bounds(today)[1].day
        Run = self.env["desktomy.billing.invoice.run"].sudo()
        month = month_bounds(today - relativedelta(months=1))[0]
        for company in companies:
            day = min(max(company.desktomy_invoice_day or 1, 1), last_day)
            if today.day != day:
                continue
            run = Run.search([("company_id", "=", company.id), ("month", "=", month)])
            if run.state == "failed":
                run._resume()
            elif not run:
                run = Run.with_company(company)._start(month, origin="cron")
            _logger.info(
                "%s: invoicing of %s %s (%s)",
                company.name,
                month,
                "started" if run.origin == "cron" else "already started",
                run.state,
            )


def _number(value):
    """A quantity without a useless decimal part."""
    return ("%f" % value).rstrip("0").rstrip(".") if value else "0"
