# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    desktomy_missing_attachment_alert = fields.Boolean(
        related="company_id.desktomy_missing_attachment_alert",
        readonly=False,
    )
    desktomy_receipt_email_clients = fields.Boolean(
        related="company_id.desktomy_receipt_email_clients",
        readonly=False,
    )
    desktomy_request_overdue_days = fields.Integer(
        related="company_id.desktomy_request_overdue_days",
        readonly=False,
    )
    desktomy_invoice_auto = fields.Boolean(
        related="company_id.desktomy_invoice_auto",
        readonly=False,
    )
    desktomy_invoice_day = fields.Integer(
        related="company_id.desktomy_invoice_day",
        readonly=False,
    )
    desktomy_retention_scan_days = fields.Integer(
        related="company_id.desktomy_retention_scan_days",
        readonly=False,
    )
    desktomy_retention_identity_days = fields.Integer(
        related="company_id.desktomy_retention_identity_days",
        readonly=False,
    )
    desktomy_retention_message_days = fields.Integer(
        related="company_id.desktomy_retention_message_days",
        readonly=False,
    )
    desktomy_hold_overdue_days = fields.Integer(
        related="company_id.desktomy_hold_overdue_days",
        readonly=False,
    )
    desktomy_notice_period_days = fields.Integer(
        related="company_id.desktomy_notice_period_days",
        readonly=False,
    )
    desktomy_official_escalation_days = fields.Integer(
        related="company_id.desktomy_official_escalation_days",
        readonly=False,
    )
