# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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

    @api.constrains("desktomy_request_overdue_days")
    def _check_desktomy_request_overdue_days(self):
        if any(company.desktomy_request_overdue_days < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The days after which a request is overdue cannot be negative."
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
