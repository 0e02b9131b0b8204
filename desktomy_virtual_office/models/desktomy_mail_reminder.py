# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reminders of uncollected mail, and the daily cron that sends them.

Per company and active ``desktomy.reminder.rule``, the cron
``ir_cron_mail_reminders`` finds the clients whose waiting items (received or
notified, not closed) meet the rule's trigger and the step due today (see
``desktomy.reminder.rule._desktomy_step_due``: step 1, then the next one
``repeat_days`` after the last). Each reminder is claimed
first, by inserting its row with ``ON CONFLICT DO NOTHING``: the unique
constraint on (client, rule, waiting period, step) makes sure that no step of
a waiting period is sent twice, not by a second run of the same day nor by a
concurrent worker. Only then is the e-mail queued and a note posted on each
item it lists. The waiting period starts on the receipt date of the oldest
waiting item: a client who collected everything starts over from step 1 with
its next item, and the reminders of earlier periods stay.
"""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.mail_queue import trigger_mail_queue
from .desktomy_mail import WAITING_STATES

_logger = logging.getLogger(__name__)

#: Reminders sent per cron call; the cron framework calls again at once while
#: more are due.
BATCH_SIZE = 200


class DesktomyMailReminder(models.Model):
    _name = "desktomy.mail.reminder"
    _description = "Uncollected Mail Reminder"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    rule_id = fields.Many2one(
        comodel_name="desktomy.reminder.rule",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    step = fields.Integer(required=True, readonly=True, default=1)
    period_start = fields.Date(
        string="Waiting Since",
        required=True,
        readonly=True,
        help="Receipt date of the oldest item waiting when the reminder was "
        "sent: the start of the waiting period the steps count in.",
    )
    date = fields.Date(
        string="Sent On",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    mail_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_reminder_item_rel",
        column1="reminder_id",
        column2="mail_id",
        string="Items",
        readonly=True,
    )
    item_count = fields.Integer(string="Number of Items", compute="_compute_item_count")
    mail_mail_id = fields.Many2one(
        comodel_name="mail.mail",
        string="E-mail",
        readonly=True,
        ondelete="set null",
        # mail.mail is readable by the administrators (settings) only
        groups="base.group_system",
    )
    email_to = fields.Char(string="Sent To", readonly=True)

    _sql_constraints = [
        (
            "step_uniq",
            "UNIQUE(partner_id, rule_id, period_start, step)",
            "This step of the reminder was already sent to the client for this "
            "waiting period.",
        ),
    ]

    @api.depends("mail_ids")
    def _compute_item_count(self):
        for reminder in self:
            reminder.item_count = len(reminder.mail_ids)

    @api.depends("partner_id", "step")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = self.env._(
                "Reminder %(step)s to %(client)s",
                step=reminder.step,
                client=reminder.partner_id.display_name,
            )

    def _desktomy_item_lines(self):
        """The items the e-mail lists, for its template: dicts of
        reference, sender and days waiting on the reminder's date."""
        self.ensure_one()
        tz_today = fields.Date.context_today
        return [
            {
                "name": item.name,
                "sender": item.sender or "",
                "days": (
                    self.date - tz_today(item, timestamp=item.received_datetime)
                ).days,
            }
            for item in self.mail_ids.sorted(lambda m: (m.received_datetime, m.id))
        ]

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_mail_reminders(self, batch_size=BATCH_SIZE):
        """Send one batch of the reminders due today; the cron framework
        calls again while more are due. Returns the reminders sent."""
        today = fields.Date.context_today(self)
        due, skipped = self._desktomy_due(today)
        batch, remaining = due[:batch_size], max(len(due) - batch_size, 0)
        reminders = self._desktomy_claim(batch, today)
        reminders._desktomy_send()
        _logger.info(
            "Mail reminders: %s sent, %s more due; skipped %s opted-out, %s "
            "without e-mail, %s archived client(s)",
            len(reminders),
            remaining,
            skipped["opt_out"],
            skipped["no_email"],
            skipped["archived"],
        )
        self.env["ir.cron"]._notify_progress(done=len(reminders), remaining=remaining)
        return reminders

    @api.model
    def _desktomy_waiting_by_client(self, company):
        """``{partner_id: (received days, item ids)}`` of the waiting items of
        ``company``, oldest first (days in the user's time zone); one query."""
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        self.env["desktomy.mail"].flush_model(
            ["company_id", "partner_id", "state", "received_datetime"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT m.partner_id,
                       ARRAY_AGG((m.received_datetime AT TIME ZONE 'UTC'
                                  AT TIME ZONE %(tz)s)::date
                                 ORDER BY m.received_datetime, m.id),
                       ARRAY_AGG(m.id ORDER BY m.received_datetime, m.id)
                  FROM desktomy_mail m
                 WHERE m.company_id = %(company)s AND m.state IN %(states)s
                 GROUP BY m.partner_id
                """,
                tz=tz,
                company=company.id,
                states=WAITING_STATES,
            )
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _desktomy_due(self, today):
        """The reminders due today and not sent yet, as ``(rule, partner,
        period_start, step, item ids)`` sorted by company, rule and client,
        and the clients skipped (``{reason: count}``)."""
        Rule = self.env["desktomy.reminder.rule"].sudo()
        waiting_of = []
        for company in self.env["res.company"].sudo().search([]):
            rules = Rule.search([("company_id", "=", company.id)])
            if rules:
                waiting_of.append((rules, self._desktomy_waiting_by_client(company)))
        skipped = dict.fromkeys(("opt_out", "no_email", "archived"), 0)
        rule_ids = [rule.id for rules, _waiting in waiting_of for rule in rules]
        partner_ids = list({pid for _rules, waiting in waiting_of for pid in waiting})
        if not partner_ids:
            return [], skipped
        # the last step sent per client, rule and waiting period
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (partner_id, rule_id, period_start)
                       partner_id, rule_id, period_start, step, date
                  FROM desktomy_mail_reminder
                 WHERE rule_id = ANY(%s) AND partner_id = ANY(%s)
                 ORDER BY partner_id, rule_id, period_start, step DESC
                """,
                rule_ids,
                partner_ids,
            )
        )
        last = {row[:3]: row[3:] for row in self.env.cr.fetchall()}
        candidates = []
        for rules, waiting in waiting_of:
            for rule in rules:
                for partner_id in sorted(waiting):
                    days, item_ids = waiting[partner_id]
                    step = rule._desktomy_step_due(
                        days, today, last.get((partner_id, rule.id, days[0]))
                    )
                    if step:
                        candidates.append((rule, partner_id, days[0], step, item_ids))
        if not candidates:
            return [], skipped
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .browse({c[1] for c in candidates})
        )
        partners.fetch(
            [
                "active",
                "email",
                "desktomy_notification_email",
                "desktomy_reminder_opt_out",
            ]
        )
        reasons = {}
        for partner in partners:
            if not partner.active:
                reasons[partner.id] = "archived"
            elif partner.desktomy_reminder_opt_out:
                reasons[partner.id] = "opt_out"
            elif not partner._desktomy_notification_emails():
                reasons[partner.id] = "no_email"
        for reason in {(c[1], reasons[c[1]]) for c in candidates if c[1] in reasons}:
            skipped[reason[1]] += 1
        return [c for c in candidates if c[1] not in reasons], skipped

    @api.model
    def _desktomy_claim(self, due, today):
        """Insert the reminders of ``due`` (see ``_desktomy_due``), skipping
        those another run inserted (the unique constraint): the reminders of
        this run, to send. One query for the rows, one for their items."""
        Reminder = self.sudo()
        if not due:
            return Reminder.browse()
        partners = self.env["res.partner"].sudo().browse({c[1] for c in due})
        emails = {
            partner.id: ", ".join(partner._desktomy_notification_emails())
            for partner in partners
        }
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO desktomy_mail_reminder (
                    partner_id, rule_id, company_id, step, period_start, date,
                    email_to, create_uid, write_uid, create_date, write_date
                )
                SELECT r.partner_id, r.rule_id, rule.company_id, r.step,
                       r.period_start, %(today)s, r.email_to,
                       %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(partners)s::int4[], %(rules)s::int4[],
                              %(steps)s::int4[], %(starts)s::date[],
                              %(emails)s::varchar[])
                       AS r(partner_id, rule_id, step, period_start, email_to)
                  JOIN desktomy_reminder_rule rule ON rule.id = r.rule_id
                    ON CONFLICT (partner_id, rule_id, period_start, step)
                    DO NOTHING
                RETURNING id, partner_id, rule_id
                """,
                today=today,
                uid=self.env.uid,
                now=now,
                partners=[c[1] for c in due],
                rules=[c[0].id for c in due],
                steps=[c[3] for c in due],
                starts=[c[2] for c in due],
                emails=[emails[c[1]] for c in due],
            )
        )
        claimed = {(row[1], row[2]): row[0] for row in self.env.cr.fetchall()}
        pairs = [
            (claimed[c[1], c[0].id], item_id)
            for c in due
            if (c[1], c[0].id) in claimed
            for item_id in c[4]
        ]
        if pairs:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO desktomy_mail_reminder_item_rel (reminder_id, mail_id)
                    SELECT * FROM unnest(%s::int4[], %s::int4[])
                    """,
                    [pair[0] for pair in pairs],
                    [pair[1] for pair in pairs],
                )
            )
        self.invalidate_model()
        return Reminder.browse(sorted(claimed.values()))

    def _desktomy_send(self):
        """Queue the e-mail of each reminder of ``self`` (its rule's
        template), link it, and note the reminder on each item it lists."""
        if not self:
            return
        for template in self.rule_id.template_id:
            reminders = self.filtered(lambda r, t=template: r.rule_id.template_id == t)
            mails = template.sudo().send_mail_batch(reminders.ids)
            mail_by_reminder = {mail.res_id: mail.id for mail in mails}
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail_reminder reminder
                       SET mail_mail_id = link.mail_id
                      FROM unnest(%s::int4[], %s::int4[]) AS link(id, mail_id)
                     WHERE reminder.id = link.id
                    """,
                    list(mail_by_reminder),
                    list(mail_by_reminder.values()),
                )
            )
        self.invalidate_recordset(["mail_mail_id"])
        bodies = {}
        for reminder in self:
            body = self.env._(
                "Reminder of uncollected mail (step %(step)s, rule %(rule)s) "
                "e-mailed to %(emails)s.",
                step=reminder.step,
                rule=reminder.rule_id.name,
                emails=reminder.email_to,
            )
            for item in reminder.mail_ids:
                bodies.setdefault(item.id, []).append(Markup("<p>%s</p>") % body)
        self.env["desktomy.mail"].sudo().browse(list(bodies))._message_log_batch(
            bodies={
                item_id: Markup("").join(texts) for item_id, texts in bodies.items()
            }
        )
        trigger_mail_queue(self.env)
