# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .desktomy_mail import LIFECYCLE_TOKEN

#: Documents a receipt confirmation is attached to.
_RECEIPT_MODELS = ("desktomy.mail", "desktomy.mail.handover")
#: What may still be written on a receipt attachment (portal download links).
_RECEIPT_WRITABLE = frozenset({"access_token"})


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def init(self):
        res = super().init()
        # Deleting attachments (the retention purge deletes scans and
        # receipts in batches) makes PostgreSQL check the self-reference
        # ``original_id`` of every row, which has no index in Odoo: a scan of
        # the whole table per deleted attachment without this one.
        create_index(
            self.env.cr,
            "ir_attachment_desktomy_original_id_index",
            self._table,
            ["original_id"],
            where="original_id IS NOT NULL",
        )
        # Whether an attachment is a receipt (``_desktomy_receipts``) is
        # looked up by checksum among the handovers' originals: without this
        # index, a comparison with every attachment of the table (20 s for a
        # batch of 200 scans at 380,000 attachments).
        create_index(
            self.env.cr,
            "ir_attachment_desktomy_handover_checksum_index",
            self._table,
            ["checksum"],
            where="res_model = 'desktomy.mail.handover'",
        )
        return res

    def _desktomy_receipts(self):
        """The attachments of ``self`` that are a signed receipt confirmation
        (the handover's original or an item's copy of it)."""
        if LIFECYCLE_TOKEN.allows(self.env):
            return self.browse()
        # a receipt is always attached to a document (no query for the scans
        # being linked to their item, whose fields are in the cache)
        candidates = self.sudo().filtered(
            lambda att: (
                att.res_id and att.res_model in _RECEIPT_MODELS and not att.res_field
            )
        )
        if not candidates:
            return self.browse()
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id
                  FROM ir_attachment a
                 WHERE a.id = ANY(%s)
                   AND EXISTS (
                        SELECT 1
                          FROM ir_attachment r
                          JOIN desktomy_mail_handover h
                            ON h.receipt_attachment_id = r.id
                         WHERE r.checksum = a.checksum
                           -- the original is the handover's own attachment
                           AND r.res_model = 'desktomy.mail.handover'
                   )
                """,
                candidates.ids,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def write(self, vals):
        if set(vals) - _RECEIPT_WRITABLE and self._desktomy_receipts():
            raise UserError(
                self.env._(
                    "A signed receipt confirmation is evidence of a handover and "
                    "cannot be changed."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_receipt(self):
        if self._desktomy_receipts():
            raise UserError(
                self.env._(
                    "A signed receipt confirmation is evidence of a handover and "
                    "cannot be deleted."
                )
            )
