# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

TRIGGERS = [
    ("age", "Oldest item waiting (days)"),
    ("count", "Number of items waiting"),
]


class DesktomyReminderRule(models.Model):
    """When the office reminds a client of its uncollected mail.

    The daily cron ``ir_cron_mail_reminders`` (see ``desktomy.mail.reminder``)
    e-mails a client whose waiting items meet the rule's trigger: step 1 when
    the condition holds, then the next step every ``repeat_days`` after the
    last one while it holds (0: step 1 only).
    """

    _name = "desktomy.reminder.rule"
    _description = "Uncollected Mail Reminder Rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    trigger = fields.Selection(
        selection=TRIGGERS,
        required=True,
        default="age",
        help="Oldest item waiting: the days since the oldest waiting item of "
        "the client was received. Number of items waiting: how many of its "
        "items wait for pickup (received or notified, not closed).",
    )
    threshold = fields.Integer(
        required=True,
        default=14,
        help="The client is reminded when the trigger reaches this number "
        "(days or items).",
    )
    repeat_days = fields.Integer(
        string="Repeat Every (Days)",
        default=7,
        help="While the condition holds, remind again every this many days "
        "(the next step). 0: remind once.",
    )
    template_id = fields.Many2one(
        comodel_name="mail.template",
        string="E-mail Template",
        # required in the form; checked by _check_desktomy_values (its error
        # says what is missing)
        ondelete="restrict",
        domain=[("model", "=", "desktomy.mail.reminder")],
        default=lambda self: self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_mail_reminder",
            raise_if_not_found=False,
        ),
    )
    reminder_ids = fields.One2many(
        comodel_name="desktomy.mail.reminder",
        inverse_name="rule_id",
        string="Reminders Sent",
    )

    @api.constrains("threshold", "repeat_days", "template_id")
    def _check_desktomy_values(self):
        for rule in self:
            if rule.threshold <= 0:
                raise ValidationError(
                    self.env._(
                        "The threshold of a reminder rule must be a positive "
                        "number of days or items."
                    )
                )
            if rule.repeat_days < 0:
                raise ValidationError(
                    self.env._(
                        "A reminder rule cannot repeat every negative number of "
                        "days (0: remind once)."
                    )
                )
            if not rule.template_id:
                raise ValidationError(
                    self.env._("A reminder rule needs an e-mail template.")
                )
            if rule.template_id.model != "desktomy.mail.reminder":
                raise ValidationError(
                    self.env._(
                        "The e-mail template of a reminder rule must be a "
                        "template of uncollected mail reminders."
                    )
                )

    def _desktomy_condition_start(self, received_days):
        """The day the rule's condition started to hold for a client whose
        waiting items were received on ``received_days`` (sorted dates), or
        None when it does not hold ``today`` (see ``_desktomy_step_due``)."""
        self.ensure_one()
        if self.trigger == "age":
            return fields.Date.add(received_days[0], days=self.threshold)
        if len(received_days) >= self.threshold:
            return received_days[self.threshold - 1]
        return None

    def _desktomy_step_due(self, received_days, today, last=None):
        """The step of the reminder due ``today`` (1, 2, ...) for a client
        whose waiting items were received on ``received_days`` (sorted
        dates), or 0 when none is due. ``last``: ``(step, date)`` of the
        last reminder of this rule in the client's current waiting period.

        Step 1 once the condition holds; then the next step every
        ``repeat_days`` after the last one, while the condition holds (a
        rule activated late, or a cron that did not run, starts at step 1
        and goes on one step at a time).
        """
        self.ensure_one()
        start = self._desktomy_condition_start(received_days)
        if start is None or start > today:
            return 0
        if not last:
            return 1
        step, day = last
        if self.repeat_days <= 0 or (today - day).days < self.repeat_days:
            return 0
        return step + 1
