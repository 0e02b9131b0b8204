# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from .desktomy_mail import WAITING_STATES

#: Services charged when an item enters a state.
STATE_SERVICE_KINDS = {
    "forwarded": "forwarding",
    "returned": "return",
    "shredded": "shredding",
}


class DesktomyMail(models.Model):
    _inherit = "desktomy.mail"

    desktomy_usage_ids = fields.One2many(
        comodel_name="desktomy.service.usage",
        inverse_name="mail_id",
        string="Service Usage",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items._desktomy_record_scans()
        for state, kind in STATE_SERVICE_KINDS.items():
            items.filtered(
                lambda item, s=state: item.state == s
            )._desktomy_record_usage(kind)
        return items

    def write(self, vals):
        res = super().write(vals)
        if "scan_ids" in vals:
            self._desktomy_record_scans()
        if vals.get("state") in STATE_SERVICE_KINDS:
            self._desktomy_record_usage(STATE_SERVICE_KINDS[vals["state"]])
        return res

    def _desktomy_record_scans(self):
        """Charge one scan per item that has a non-empty scan."""
        self.filtered(
            lambda item: any(scan.file_size for scan in item.sudo().scan_ids)
        )._desktomy_record_usage("scan")

    def _desktomy_record_usage(self, kind, dates=None):
        """Record the service ``kind`` once per item (see desktomy.service.usage)."""
        return self.env["desktomy.service.usage"]._record_item_events(
            self, kind, dates=dates
        )

    @api.model
    def _cron_desktomy_charge_storage(self):
        """Charge storage once for every item kept beyond the free period."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            if company.desktomy_storage_free_days <= 0:
                continue
            limit = now - timedelta(days=company.desktomy_storage_free_days)
            self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", WAITING_STATES),
                    ("received_datetime", "<", limit),
                ]
            )._desktomy_record_usage("storage")

    # Hooks called by the notification and handover features once they are done.
    def _desktomy_after_notify(self):
        """Charge one e-mail notification per item (repeats are free)."""
        res = super()._desktomy_after_notify()
        self._desktomy_record_usage("notification")
        return res

    def _desktomy_after_handover(self, handover):
        """Charge one handover per item handed over."""
        res = super()._desktomy_after_handover(handover)
        self._desktomy_record_usage("handover")
        return res
