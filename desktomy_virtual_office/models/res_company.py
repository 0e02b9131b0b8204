# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, date_utils, format_date


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "desktomy.domain.guard"]

    desktomy_missing_attachment_alert = fields.Boolean(
        string="Missing Attachment Alert",
        default=True,
        help="Before notification e-mails are sent, warn about items marked "
        '"Send e-mail notification with attachment" that have no scan.',
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_receipt_email_clients = fields.Boolean(
        string="E-mail the Receipt to the Clients",
        default=True,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="After a handover with digital confirmation, e-mail each client "
        "its copy of the receipt confirmation (only its own items) at its "
        "notification address.",
    )

    desktomy_request_overdue_days = fields.Integer(
        string="Requests Overdue After (Days)",
        default=1,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="A client's request still pending after this many days is "
        "overdue in the request queue.",
    )

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

    desktomy_retention_scan_days = fields.Integer(
        string="Keep Scans (Days)",
        default=0,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Days after an item is closed (collected, forwarded, returned, "
        "shredded) that its scans are kept; then the retention purge deletes "
        "them. 0: kept for ever.",
    )
    desktomy_retention_identity_days = fields.Integer(
        string="Keep Signatures and Identity Numbers (Days)",
        default=0,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Days after all items of a handover are closed that the "
        "collector's signature, identity document number and the office's "
        "copies of the receipt are kept; the handover record, its items and "
        "the receipt's SHA-256 stay. 0: kept for ever.",
    )
    desktomy_retention_message_days = fields.Integer(
        string="Keep Notification E-mails (Days)",
        default=0,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Days after all items of a notification e-mail are closed that "
        "the e-mail's text is kept; then it is emptied (who was notified and "
        "when stays). 0: kept for ever.",
    )

    @api.constrains(
        "desktomy_retention_scan_days",
        "desktomy_retention_identity_days",
        "desktomy_retention_message_days",
    )
    def _check_desktomy_retention_days(self):
        for company in self:
            if (
                min(
                    company.desktomy_retention_scan_days,
                    company.desktomy_retention_identity_days,
                    company.desktomy_retention_message_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Retention periods cannot be negative: enter a number "
                        "of days, or 0 to keep for ever."
                    )
                )

    desktomy_hold_overdue_days = fields.Integer(
        string="Hold Mail of Clients Overdue More Than (Days)",
        default=0,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="When a client's oldest unpaid invoice is past its due date by "
        "more than this many days, its mail is neither handed over nor "
        "forwarded unless an office administrator overrides the hold with a "
        "reason. Mail is still registered. 0: no hold.",
    )

    @api.constrains("desktomy_hold_overdue_days")
    def _check_desktomy_hold_overdue_days(self):
        if any(company.desktomy_hold_overdue_days < 0 for company in self):
            raise ValidationError(
                self.env._("The days after which mail is held cannot be negative.")
            )

    @api.constrains("desktomy_request_overdue_days")
    def _check_desktomy_request_overdue_days(self):
        if any(company.desktomy_request_overdue_days < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The days after which a request is overdue cannot be negative."
                )
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

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        for company in companies:
            company._desktomy_mail_sequence()
        return companies

    def _desktomy_mail_sequence(self):
        """Return the sequence of correspondence item references of this company.

        Every company numbers its items on its own; the sequence is created on
        first use for companies that existed before the module.
        """
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "desktomy.mail"), ("company_id", "=", self.id)],
            order="id",
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._(
                        "Correspondence Item (%(company)s)", company=self.name
                    ),
                    "code": "desktomy.mail",
                    "prefix": "MAIL/%(range_year)s/",
                    "padding": 6,
                    "use_date_range": True,
                    "company_id": self.id,
                }
            )
        return sequence

    # official mail and postal notices (see docs/official-mail.md)
    desktomy_notice_period_days = fields.Integer(
        string="Postal Notice Period (Days)",
        default=14,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="A registered letter the post could not hand over counts as "
        "delivered this many days after the first notice (14 days: art. 44 "
        "k.p.a., art. 139 k.p.c., art. 150 Ordynacja podatkowa).",
    )
    desktomy_official_escalation_days = fields.Integer(
        string="Escalate Official Mail (Days)",
        default=3,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="The client gets one escalation e-mail and the desk one activity "
        "when an official item or a postal notice still waits this many days "
        "before its deemed-delivery date, or an official letter this many "
        "days after it was received.",
    )

    @api.constrains("desktomy_notice_period_days", "desktomy_official_escalation_days")
    def _check_desktomy_official_days(self):
        for company in self:
            if (
                company.desktomy_notice_period_days <= 0
                or company.desktomy_official_escalation_days <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The postal notice period and the escalation days of "
                        "official mail must be at least one day."
                    )
                )

    desktomy_storage_period_days = fields.Integer(
        string="Storage Period (Days)",
        default=0,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="After the free storage days, an item still waiting for pickup "
        "is charged the storage service once per started period of this many "
        "days, until it is collected, forwarded, returned or shredded. 0: "
        "storage is charged once.",
    )

    @api.constrains("desktomy_storage_period_days", "desktomy_storage_free_days")
    def _check_desktomy_storage_days(self):
        for company in self:
            if (
                company.desktomy_storage_period_days < 0
                or company.desktomy_storage_free_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The free storage days and the storage period cannot be "
                        "negative (storage period 0: storage is charged once)."
                    )
                )
