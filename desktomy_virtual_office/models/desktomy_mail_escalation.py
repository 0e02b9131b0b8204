# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class DesktomyMailEscalation(models.Model):
    """The escalation of an official item or postal notice: at most one per
    item, ever (``UNIQUE(mail_id)``). The deadline cron claims the row with
    ``INSERT ... ON CONFLICT DO NOTHING`` before it sends anything, so two
    runs, or two workers at once, never escalate an item twice."""

    _name = "desktomy.mail.escalation"
    _description = "Escalation of an Official Item"
    _order = "date desc, id desc"

    mail_id = fields.Many2one(
        comodel_name="desktomy.mail",
        string="Item",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Client", readonly=True, index=True
    )
    date = fields.Date(required=True, readonly=True)
    reason = fields.Selection(
        selection=[
            ("deadline", "Deemed-delivery date near"),
            ("waiting", "Official letter waiting"),
        ],
        required=True,
        readonly=True,
    )
    mail_mail_id = fields.Many2one(
        comodel_name="mail.mail",
        string="E-mail",
        readonly=True,
        ondelete="set null",
    )
    activity_id = fields.Many2one(
        comodel_name="mail.activity", readonly=True, ondelete="set null"
    )
    _sql_constraints = [
        (
            "mail_uniq",
            "unique(mail_id)",
            "An item is escalated only once.",
        ),
    ]

    def _desktomy_claim(self, item, date, reason):
        """Insert the escalation row of ``item``; return it, or an empty
        recordset when the item was already escalated (by this run, an
        earlier one or another worker)."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO desktomy_mail_escalation
                       (mail_id, company_id, partner_id, date, reason,
                        create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (mail_id) DO NOTHING
                RETURNING id
                """,
                item.id,
                item.company_id.id,
                item.partner_id.id,
                date,
                reason,
                self.env.uid,
                self.env.cr.now(),
                self.env.uid,
                self.env.cr.now(),
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()
