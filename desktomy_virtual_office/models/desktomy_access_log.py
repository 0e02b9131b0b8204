# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who opened which scan or receipt, when, and through which path (GDPR
art. 30): one line per opening, written by one INSERT (``_desktomy_log``),
read by the office administrator only, never changed."""

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import SQL

#: Documents whose attachments are logged when opened: an item's scans (and
#: its copy of the receipt), a handover's receipt.
LOGGED_MODELS = ("desktomy.mail", "desktomy.mail.handover")


class DesktomyAccessLog(models.Model):
    _name = "desktomy.access.log"
    _description = "Access to a scan or receipt"
    _order = "id desc"
    _rec_name = "attachment_name"

    user_id = fields.Many2one(comodel_name="res.users", readonly=True, index=True)
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Document",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    attachment_name = fields.Char(string="Document Name", readonly=True)
    mail_id = fields.Many2one(
        comodel_name="desktomy.mail",
        string="Item",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    handover_id = fields.Many2one(
        comodel_name="desktomy.mail.handover",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    channel = fields.Selection(
        selection=[
            ("backoffice", "Back office"),
            ("portal", "Portal"),
            ("report", "Report"),
        ],
        readonly=True,
        required=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)

    @api.model
    def _desktomy_log(self, attachment=None, channel=None, mail=None, handover=None):
        """Record one opening of ``attachment`` (or of ``handover``'s receipt)
        by the current user: one INSERT, no read beyond the attachment's own
        fields (already read to stream it)."""
        env = self.env
        values = {"mail_id": mail, "handover_id": handover, "partner_id": None}
        name = company = None
        if attachment:
            attachment = attachment.sudo()
            name = attachment.name
            company = attachment.company_id.id
            if attachment.res_model == "desktomy.mail":
                values["mail_id"] = values["mail_id"] or attachment.res_id
            elif attachment.res_model == "desktomy.mail.handover":
                values["handover_id"] = values["handover_id"] or attachment.res_id
        user = env.uid
        query = SQL(
            """
                INSERT INTO desktomy_access_log
                    (user_id, attachment_id, attachment_name, mail_id,
                     handover_id, partner_id, channel, company_id,
                     create_uid, create_date, write_uid, write_date)
                VALUES (%(user)s, %(attachment)s, %(name)s, %(mail)s,
                        %(handover)s,
                        (SELECT partner_id FROM desktomy_mail WHERE id = %(mail)s),
                        COALESCE(%(channel)s, CASE WHEN
                            (SELECT share FROM res_users WHERE id = %(user)s)
                            THEN 'portal' ELSE 'backoffice' END),
                        %(company)s,
                        %(user)s, now() at time zone 'UTC',
                        %(user)s, now() at time zone 'UTC')
                """,
            user=user,
            attachment=attachment.id if attachment else None,
            name=name,
            mail=values["mail_id"] or None,
            handover=values["handover_id"] or None,
            channel=channel,
            company=company or env.company.id,
        )
        if not env.cr.readonly:
            env.cr.execute(query)
        elif request:
            # A read-only route (``/web/content``, ``/web/image``, ``/report``):
            # written once the response is ready (``ir.http._post_dispatch``)
            request.desktomy_access_log_queries = [
                *getattr(request, "desktomy_access_log_queries", ()),
                query,
            ]
        else:
            self._desktomy_write_log([query])

    @api.model
    def _desktomy_write_log(self, queries):
        """Run the INSERTs of ``queries`` from a read-only transaction: on a
        read/write cursor of their own, as Odoo's ``/web/assets`` writes its
        bundles (the read-only transaction, which has only read, ends first)."""
        self.env.cr.rollback()
        with self.env.registry.cursor(readonly=False) as cr:
            for query in queries:
                cr.execute(query)

    # Append-only: the log is written by ``_desktomy_log`` only.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("The access log cannot be changed."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The access log cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(self.env._("The access log cannot be changed."))
        return super().unlink()
