# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command

from ..tools.mail_queue import trigger_mail_queue


class DesktomyMailNotification(models.Model):
    """One notification e-mail sent to a client, listing its items.

    The mail template renders on this record, so that one e-mail per client
    lists all of that client's items of a batch. It also keeps the history of
    what was sent to whom, with which scans.
    """

    _name = "desktomy.mail.notification"
    _description = "Client Mail Notification"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    item_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_notification_item_rel",
        column1="notification_id",
        column2="item_id",
        string="Items",
        readonly=True,
    )
    item_count = fields.Integer(string="Number of Items", compute="_compute_counts")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="desktomy_mail_notification_attachment_rel",
        column1="notification_id",
        column2="attachment_id",
        string="Attached Scans",
        readonly=True,
    )
    attachment_count = fields.Integer(
        string="Number of Scans", compute="_compute_counts"
    )
    email_to = fields.Char(string="Sent To", readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Sent By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    retention_purged_datetime = fields.Datetime(
        string="Text Purged On",
        readonly=True,
        copy=False,
        help="When the text of this e-mail was emptied under the office's "
        "retention rules (to whom and when it was sent stays).",
    )

    @api.depends("item_ids", "attachment_ids")
    def _compute_counts(self):
        for notification in self:
            notification.item_count = len(notification.item_ids)
            notification.attachment_count = len(notification.attachment_ids)

    @api.depends("partner_id")
    def _compute_display_name(self):
        for notification in self:
            notification.display_name = self.env._(
                "Notification to %(client)s",
                client=notification.partner_id.display_name,
            )

    def _send(self):
        """Queue one e-mail per notification, with its scans, and wake the queue."""
        template = self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_mail_notification"
        )
        mails = template.send_mail_batch(self.ids)
        mail_by_notification = {mail.res_id: mail for mail in mails}
        for notification in self.filtered("attachment_ids"):
            mail_by_notification[notification.id].attachment_ids = [
                Command.link(attachment.id)
                for attachment in notification.attachment_ids
            ]
        trigger_mail_queue(self.env)
        return mails
