# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The e-mails the addon queues go out at once, not at the queue's next run."""

MAIL_QUEUE_CRON = "mail.ir_cron_mail_scheduler_action"


def trigger_mail_queue(env):
    """Ask Odoo's mail queue (its cron) to run as soon as possible.

    The cron is looked up by its XML id without ``env.ref``'s extra query
    (a removed cron has no XML id any more: nothing to trigger).
    """
    cron_id = env["ir.model.data"]._xmlid_to_res_id(
        MAIL_QUEUE_CRON, raise_if_not_found=False
    )
    if cron_id:
        env["ir.cron"].sudo().browse(cron_id)._trigger()
