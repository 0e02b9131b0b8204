# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _desktomy_portal_clients(self):
        """Return the client companies this user represents in the client panel.

        These are the user's own commercial partner when it is a virtual-office
        client, and the clients their contact is authorised for. The result is
        sudo'ed (a portal user cannot read the represented companies) and must
        only be used to check and display what this user may select.
        """
        self.ensure_one()
        partner = self.sudo().partner_id
        clients = partner.desktomy_represented_client_ids.filtered(
            "desktomy_is_client"
        ).sorted(lambda client: (client.name or "").lower())
        commercial = partner.commercial_partner_id
        if commercial.desktomy_is_client:
            clients = commercial | clients
        return clients

    def _desktomy_portal_billing_enabled(self):
        """Whether the billing summary is shown in this user's client panel."""
        self.ensure_one()
        return bool(
            not self._is_public()
            and self.env.company.sudo().desktomy_portal_billing_summary
            and self._desktomy_portal_clients()
        )
