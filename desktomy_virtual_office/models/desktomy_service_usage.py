# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round

from .desktomy_billing_rule import billing_lines_sql, billing_months
from .product_template import KIND_SEQUENCE, SERVICE_KINDS


class DesktomyServiceUsage(models.Model):
    """One performed service, charged to a client.

    Automatic lines (``origin == "auto"``) are written when the service happens
    and are unique per (item, service): repeating an action, or undoing and
    redoing a state, never charges twice. Manual lines (origin ``manual``) are
    added by an administrator, e.g. for "Other" services or as corrections.

    ``unit_price`` is the catalogue price of the service when the line was
    recorded, ``amount`` the catalogue value of the line. What the client pays
    (included quantities, package prices) is computed by
    :meth:`_get_billing_summary`.
    """

    _name = "desktomy.service.usage"
    _inherit = ["desktomy.billing.source"]
    _description = "Service Usage"
    _order = "date desc, id desc"
    _check_company_auto = True
    _desktomy_billing_fields = frozenset(
        {
            "amount",
            "company_id",
            "date",
            "partner_id",
            "quantity",
            "service_id",
            "unit_price",
        }
    )

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("desktomy_is_client", "=", True)],
    )
    service_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("desktomy_service_kind", "!=", False)],
    )
    service_kind = fields.Selection(
        related="service_id.desktomy_service_kind",
        string="Service Kind",
        store=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        default=fields.Date.context_today,
    )
    name = fields.Char(string="Description")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        related="company_id.currency_id",
    )
    unit_price = fields.Monetary(
        currency_field="currency_id",
        help="Catalogue price of the service when the line was recorded.",
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        help="Quantity times unit price, before the package is taken into account.",
    )
    mail_id = fields.Many2one(
        comodel_name="desktomy.mail",
        string="Item",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    origin = fields.Selection(
        selection=[("auto", "Automatic"), ("manual", "Manual")],
        required=True,
        default="manual",
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The line of the client's invoice that charged this usage (the "
        "package fee's line for a service within the package).",
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        related="invoice_line_id.move_id",
    )
    period_index = fields.Integer(
        string="Period",
        required=True,
        default=0,
        readonly=True,
        help="Of a service charged per started period (storage with a "
        "storage period): the period charged, 0 for the first. 0 for the "
        "other services.",
    )

    def init(self):
        # One automatic charge per item, service and period (0 unless the
        # service is charged per period), whatever happens to the item. (The
        # index on (mail_id, service_id) of 18.0.1.3.0 is dropped by the
        # migration to 18.0.1.4.0.)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS desktomy_service_usage_event_period_uniq
            ON desktomy_service_usage (mail_id, service_id, period_index)
            WHERE origin = 'auto' AND mail_id IS NOT NULL
            """
        )
        # The summary reads by client and date.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS desktomy_service_usage_partner_date_idx
            ON desktomy_service_usage (partner_id, date)
            """
        )

    @api.depends("quantity", "unit_price")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.quantity * line.unit_price)

    @api.onchange("service_id")
    def _onchange_service_id(self):
        if self.service_id:
            self.unit_price = self.service_id.lst_price
            if not self.name:
                self.name = self.service_id.name

    # ------------------------------------------------------------------
    # Closed months
    # ------------------------------------------------------------------

    def _check_billing_lock(self):
        """Refuse any change to a line dated in a closed month of its client
        (``res.company._desktomy_billing_closed_until``: the company's lock
        date, or the client's last invoiced month)."""
        for company in self.company_id:
            lines = self.filtered(lambda line, c=company: line.company_id == c)
            closed_until = company._desktomy_billing_closed_until(
                lines.partner_id, min(lines.mapped("date"))
            )
            for line in lines:
                until = closed_until.get(line.partner_id.id)
                if until and line.date <= until:
                    company._desktomy_raise_billing_closed(
                        line.date,
                        self.env._(
                            "its service usage cannot be created, changed or "
                            "deleted. Record a correction as a new line in an "
                            "open month.",
                        ),
                        partner=line.partner_id,
                    )

    @api.constrains("quantity")
    def _check_quantity(self):
        if self.filtered(lambda line: line.origin == "auto" and line.quantity <= 0):
            raise ValidationError(
                self.env._("An automatic usage line needs a positive quantity.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_billing_lock()
        return lines

    def write(self, vals):
        if "invoice_line_id" in vals:
            raise UserError(
                self.env._(
                    "A usage line is linked to its invoice only when the month "
                    "is invoiced."
                )
            )
        self._check_billing_lock()
        res = super().write(vals)
        if "date" in vals or "company_id" in vals:
            self._check_billing_lock()
        return res

    def unlink(self):
        self._check_billing_lock()
        return super().unlink()

    # ------------------------------------------------------------------
    # Automatic recording
    # ------------------------------------------------------------------

    @api.model
    def _record_item_events(self, items, kind, dates=None, periods=None):
        """Charge ``kind`` once for each item of ``items``; return the new lines.

        ``periods`` (a service charged per started period) maps item ids to
        the period indexes to charge (0 for the first): one line per item and
        period, each once. Without it, period 0 of each item.

        Items that already have an automatic line of that service are skipped,
        so calling this again (a repeated action, a state undone and redone)
        charges nothing. ``dates`` maps item ids to the date of the event
        (today by default). Recorded as superuser: the receptionist performs
        the service but may not edit usage.

        The lines are inserted in one query whatever the number of items (a
        handover of a thousand items charges a thousand lines), with the
        values ``create`` would write: the catalogue price and the amount in
        the currency of the item's company, the service kind, the item's
        client, company and reference. The unique index on (item, service) of
        automatic lines skips the items already charged, also against a
        concurrent transaction. Closed months are checked on the new lines,
        as ``create`` does.
        """
        Usage = self.sudo()
        service = self.env["product.product"]._desktomy_get_services([kind]).get(kind)
        if not items or not service:
            return Usage.browse()
        items = items.sudo()
        today = fields.Date.context_today(self)
        dates = dates or {}
        periods = periods or {}
        events = [
            (item, period)
            for item in items
            for period in (periods[item.id] if item.id in periods else (0,))
        ]
        price = service.lst_price
        companies = items.company_id
        rounded = {
            company.id: company.currency_id.round(price) for company in companies
        }
        companies.invalidate_recordset(["currency_id"])
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO desktomy_service_usage (
                    partner_id, service_id, service_kind, date, name, quantity,
                    unit_price, amount, mail_id, origin, company_id,
                    period_index, create_uid, write_uid, create_date, write_date
                )
                SELECT m.partner_id, %(service)s, %(kind)s, event.date, m.name,
                       1.0, event.price, event.price, m.id, 'auto', m.company_id,
                       event.period_index, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(ids)s::int4[], %(dates)s::date[],
                              %(prices)s::numeric[], %(period_indexes)s::int4[])
                       AS event(mail_id, date, price, period_index)
                  JOIN desktomy_mail m ON m.id = event.mail_id
                 ORDER BY m.id, event.period_index
                    ON CONFLICT (mail_id, service_id, period_index)
                 WHERE origin = 'auto' AND mail_id IS NOT NULL
                    DO NOTHING
                RETURNING id, partner_id, date
                """,
                service=service.id,
                kind=service.desktomy_service_kind,
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=[item.id for item, _period in events],
                dates=[dates.get(item.id) or today for item, _period in events],
                prices=[rounded[item.company_id.id] for item, _period in events],
                period_indexes=[period for _item, period in events],
            )
        )
        rows = self.env.cr.fetchall()
        lines = Usage.browse(row[0] for row in rows)
        self.invalidate_model()
        items.invalidate_recordset(["desktomy_usage_ids"])
        lines._check_billing_lock()
        # Written past create(): keep the stored monthly billing in step too.
        charged = {}
        for __, partner_id, day in rows:
            charged.setdefault(partner_id, []).append(day)
        Usage._desktomy_refresh_billing(charged)
        return lines

    # ------------------------------------------------------------------
    # Billing summary (back office and client portal)
    # ------------------------------------------------------------------

    @api.model
    def _get_billing_summary(self, partners, date_from, date_to):
        """Compute the billing summary of ``partners`` for a period, in the
        current company (``env.company``): each office bills its own.

        :param partners: ``res.partner`` recordset of clients
        :param date_from: first day of the period (``datetime.date``, inclusive)
        :param date_to: last day of the period (``datetime.date``, inclusive)
        :return: ``{partner_id: summary}``; see the module's readme for the keys.

        The figures come from the pricing rule (``billing_lines_sql``, the
        one every billing path uses), per client, month and service, in one
        query whatever the number of usage lines or clients; the usage lines
        and package histories are read through ``_search``, with their record
        rules. This method only adds up the months of the period: the package
        fee and amounts of each month, what is left of the package in the
        last month (``remaining``) and the average unit price of what is
        billable.
        """
        if date_from > date_to:
            raise UserError(
                self.env._("The start of the period must be before its end.")
            )
        company = self.env.company
        currency = company.currency_id
        months = billing_months(date_from, date_to)
        last_month = months[-1][0]
        rows = self._billing_lines(partners, date_from, date_to, company)

        per_month = {}
        per_service = {}
        for row in rows:
            partner_id, month_start = row["partner_id"], row["month_start"]
            per_month.setdefault(partner_id, {})[month_start] = (
                row["package_id"],
                row["package_fee"],
            )
            if row["service_id"]:
                per_service.setdefault(partner_id, {}).setdefault(
                    row["service_id"], []
                ).append(row)

        Package = self.env["desktomy.package"]
        all_services = self.env["product.product"].browse(
            sorted(
                {
                    service_id
                    for services in per_service.values()
                    for service_id in services
                }
            )
        )
        all_services.product_tmpl_id.fetch(
            ["name", "desktomy_service_kind", "list_price"]
        )
        kind_labels = dict(SERVICE_KINDS)
        services = {
            service.id: {
                "service": service,
                "kind": service.desktomy_service_kind,
                "name": service.name
                or kind_labels.get(service.desktomy_service_kind, ""),
                "list_price": service.list_price,
                "sequence": (
                    KIND_SEQUENCE.get(service.desktomy_service_kind, 99),
                    service.name or "",
                    service.id,
                ),
            }
            for service in all_services
        }
        rounding = currency.rounding
        result = {}
        for partner in partners:
            partner_months = per_month.get(partner.id, {})
            lines = sorted(
                (
                    self._summary_line(
                        services[service_id], month_rows, last_month, rounding
                    )
                    for service_id, month_rows in per_service.get(
                        partner.id, {}
                    ).items()
                ),
                key=lambda line: services[line["service"].id]["sequence"],
            )
            package_fee = float_round(
                sum(fee for _package_id, fee in partner_months.values()),
                precision_rounding=rounding,
            )
            usage_amount = float_round(
                sum(line["amount"] for line in lines), precision_rounding=rounding
            )
            last_package_id = partner_months.get(last_month, (None, 0.0))[0]
            result[partner.id] = {
                "partner": partner,
                "date_from": date_from,
                "date_to": date_to,
                "currency": currency,
                "package": Package.browse(last_package_id or ()),
                "package_fee": package_fee,
                "lines": lines,
                "usage_amount": usage_amount,
                "total": float_round(
                    package_fee + usage_amount, precision_rounding=rounding
                ),
            }
        return result

    @api.model
    def _billing_lines(self, partners, date_from, date_to, company, extra=None):
        """The rows of the pricing rule (``billing_lines_sql``) of ``partners``
        for a period in ``company``, as dicts; one query.

        :param extra: usage not recorded yet, counted as if it were (the price
            of a request before it is made): a list of ``(partner_id,
            service_id, date, quantity, amount)``
        """
        Assignment = self.env["desktomy.package.assignment"]
        assignments = Assignment._search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("date_from", "<=", date_to),
            ]
        )
        usage_lines = self._search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        usage_sql = usage_lines.select(
            *(
                SQL.identifier(usage_lines.table, fname)
                for fname in ("partner_id", "service_id", "date", "quantity", "amount")
            )
        )
        for partner_id, service_id, day, quantity, amount in extra or ():
            usage_sql = SQL(
                "%s UNION ALL SELECT %s, %s, %s::date, %s::numeric, %s::numeric",
                usage_sql,
                partner_id,
                service_id,
                day,
                quantity,
                amount,
            )
        self.env.flush_all()
        self.env.cr.execute(
            billing_lines_sql(
                SQL("SELECT unnest(%s::int4[]) AS id", partners.ids),
                assignments.select(
                    *(
                        SQL.identifier(assignments.table, fname)
                        for fname in ("id", "partner_id", "package_id", "date_from")
                    )
                ),
                usage_sql,
                billing_months(date_from, date_to),
                company.currency_id.rounding,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _summary_line(self, service, month_rows, last_month, rounding):
        """Add up the months of one service of a client (rows of the pricing
        rule, see ``_billing_lines``) into a line of the summary."""
        quantity = included = billable = amount = remaining = 0.0
        unit_price = service["list_price"]
        for row in month_rows:
            quantity += row["quantity"]
            included += row["included"]
            billable += row["billable"]
            amount += row["amount"]
            if row["month_start"] == last_month:
                if row["price"] is not None:
                    unit_price = row["price"]
                remaining = max(row["included"] - row["quantity"], 0.0)
        if billable:
            unit_price = float_round(amount / billable, precision_digits=6)
        return {
            "service": service["service"],
            "kind": service["kind"],
            "name": service["name"],
            "quantity": quantity,
            "included": included,
            "billable": billable,
            "unit_price": unit_price,
            "amount": float_round(amount, precision_rounding=rounding),
            "remaining": remaining,
        }
