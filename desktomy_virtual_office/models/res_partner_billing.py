# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, date_utils, format_date


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    desktomy_package_assignment_ids = fields.One2many(
        comodel_name="desktomy.package.assignment",
        inverse_name="partner_id",
        string="Package History",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_package_id = fields.Many2one(
        comodel_name="desktomy.package",
        string="Current Package",
        compute="_compute_desktomy_package_id",
        help="The package in force today, from the client's package history.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    @api.depends(
        "desktomy_package_assignment_ids.date_from",
        "desktomy_package_assignment_ids.package_id",
    )
    @api.depends_context("tz")
    def _compute_desktomy_package_id(self):
        packages = self.env["desktomy.package.assignment"]._get_packages_at(
            self, fields.Date.context_today(self)
        )
        for partner in self:
            partner.desktomy_package_id = packages.get(
                partner.id, self.env["desktomy.package"]
            )

    def write(self, vals):
        if "company_id" in vals:
            self._desktomy_check_company_change(vals["company_id"])
        return super().write(vals)

    def _desktomy_check_company_change(self, company_id):
        """A client billed in a closed month of an office stays visible to
        that office: it cannot move to another company."""
        clients = self.filtered(
            lambda partner: partner.company_id.id != (company_id or False)
        )
        if not clients:
            return
        # (a client without a company stays visible to every office)
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("desktomy_billing_lock_date", "!=", False),
                    ("id", "!=", company_id or 0),
                ]
            )
            if company_id
            else []
        )
        Usage = self.env["desktomy.service.usage"].sudo()
        Assignment = self.env["desktomy.package.assignment"].sudo()
        for company in companies:
            lock_date = company.desktomy_billing_lock_date
            for Model, date_field in ((Usage, "date"), (Assignment, "date_from")):
                billed = Model.search_fetch(
                    [
                        ("partner_id", "in", clients.ids),
                        ("company_id", "=", company.id),
                        (date_field, "<=", lock_date),
                    ],
                    ["partner_id"],
                    limit=1,
                )
                if billed:
                    company._desktomy_raise_billing_closed(
                        lock_date,
                        self.env._(
                            "%(client)s was billed in it, so the company of the "
                            "client cannot change.",
                            client=billed.partner_id.display_name,
                        ),
                    )

    def action_desktomy_view_usage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_service_usage_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    desktomy_billing_lock_date = fields.Date(
        string="Billing Closed Until",
        help="Last day of the last closed (billed) month. Nothing that "
        "the billing of a closed month depends on can change any more: its "
        "service usage, the clients' package history, the terms of the "
        "packages billed in it.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_storage_free_days = fields.Integer(
        string="Free Storage (Days)",
        default=30,
        help="An item that waits for pickup longer than this is charged the "
        "'Storage beyond the free period' service, once.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_billing_invoiced_until = fields.Date(
        string="Invoiced Until",
        readonly=True,
        help="Last day of the latest month invoiced for a client (some clients "
        "may not be invoiced that far).",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_invoice_auto = fields.Boolean(
        string="Invoice Each Month Automatically",
        help="On the chosen day of each month, draft the invoices of the "
        "previous month for every client.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_invoice_day = fields.Integer(
        string="Day of the Month",
        default=1,
        help="Day of the month on which the previous month is invoiced (the "
        "last day of a shorter month).",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    @api.constrains("desktomy_invoice_day")
    def _check_desktomy_invoice_day(self):
        if any(not 1 <= company.desktomy_invoice_day <= 31 for company in self):
            raise ValidationError(
                self.env._("The day of the month must be between 1 and 31.")
            )

    def _desktomy_set_invoiced_until(self, day):
        for company in self:
            if (
                not company.desktomy_billing_invoiced_until
                or company.desktomy_billing_invoiced_until < day
            ):
                company.desktomy_billing_invoiced_until = day

    def _desktomy_billing_closed_until(self, partners, first_day=None):
        """The one rule of closed months: ``{partner_id: last closed day}``
        of ``partners`` in this company (None: open), the company's lock date
        or the end of the client's last invoiced month, whichever is later.
        No query when ``first_day`` (the earliest day the caller checks) is
        after every invoiced month of the company."""
        self.ensure_one()
        company = self.sudo()
        lock_date = company.desktomy_billing_lock_date
        result = dict.fromkeys(partners.ids, lock_date)
        invoiced_until = company.desktomy_billing_invoiced_until
        if (
            not partners
            or not invoiced_until
            or (first_day and first_day > invoiced_until)
        ):
            return result
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, MAX(month) FROM desktomy_billing_invoice
                 WHERE company_id = %s AND partner_id = ANY(%s)
                 GROUP BY partner_id
                """,
                self.id,
                partners.ids,
            )
        )
        for partner_id, month in self.env.cr.fetchall():
            end = date_utils.end_of(month, "month")
            result[partner_id] = max(lock_date or end, end)
        return result

    @api.constrains("desktomy_billing_lock_date")
    def _check_desktomy_billing_lock_date(self):
        today = fields.Date.context_today(self)
        for company in self:
            if (
                company.desktomy_billing_lock_date
                and company.desktomy_billing_lock_date >= today
            ):
                raise ValidationError(
                    self.env._(
                        "Only a month that has ended can be closed: the billing "
                        "lock date must be in the past."
                    )
                )
            if company.desktomy_billing_lock_date and (
                company.desktomy_billing_lock_date
                != date_utils.end_of(company.desktomy_billing_lock_date, "month")
            ):
                raise ValidationError(
                    self.env._(
                        "Billing is closed by whole months: the billing lock "
                        "date must be the last day of a month."
                    )
                )

    def _desktomy_billing_first_open_day(self):
        """First day of the first open month (None: no month is closed)."""
        self.ensure_one()
        lock_date = self.sudo().desktomy_billing_lock_date
        return lock_date + timedelta(days=1) if lock_date else None

    def _desktomy_raise_billing_closed(self, day, reason, partner=None):
        """Raise the error of a change of ``day`` (None: from the start) in a
        closed month of this company; ``reason`` (translated) says what cannot
        change. With ``partner``, the month may be closed for that client
        only (invoiced)."""
        self.ensure_one()
        lock_date = self.sudo().desktomy_billing_lock_date
        month = format_date(self.env, day or lock_date, date_format="LLLL yyyy")
        if partner and day and (not lock_date or day > lock_date):
            raise UserError(
                self.env._(
                    "%(month)s is closed for %(client)s in %(company)s (the "
                    "client's months up to its last invoiced month are "
                    "closed): %(reason)s",
                    month=month,
                    client=partner.display_name,
                    company=self.display_name,
                    reason=reason,
                )
            )
        raise UserError(
            self.env._(
                "%(month)s is a closed month of %(company)s (billing is closed "
                "up to %(lock_date)s, its figures were billed): %(reason)s",
                month=month,
                company=self.display_name,
                lock_date=format_date(self.env, lock_date),
                reason=reason,
            )
        )
