# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal users read no message of the office's own documents (see
desktomy_domain_guard.py)."""

from odoo import api, models

#: Documents whose chatter belongs to the office only.
STAFF_THREAD_MODELS = (
    "desktomy.mail",
    "desktomy.mail.handover",
    "desktomy.mail.notification",
)


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _desktomy_outsider(self):
        return not self.env.su and not self.env.user._is_internal()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._desktomy_outsider():
            domain = [("model", "not in", STAFF_THREAD_MODELS)] + list(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _get_forbidden_access(self, operation):
        forbidden = super()._get_forbidden_access(operation)
        if self._desktomy_outsider():
            rest = (self - forbidden).sudo()
            forbidden |= self.browse(
                rest.filtered(lambda msg: msg.model in STAFF_THREAD_MODELS).ids
            )
        return forbidden
