# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CATEGORIES = [
    ("court", "Court"),
    ("tax_office", "Tax office"),
    ("social_insurance", "Social insurance"),
    ("register", "Register"),
    ("other", "Other authority"),
]


class DesktomyOfficialSender(models.Model):
    """A sender whose letters are official: they may start a legal deadline.

    An item whose sender text matches ``match_pattern`` (a case-insensitive
    Python regular expression, searched anywhere in the text) is marked
    official at intake, and when its sender changes while it waits.
    """

    _name = "desktomy.official.sender"
    _description = "Official Sender"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        default=lambda self: self.env.company,
        help="The office whose items this sender is matched against. Empty: "
        "every office (the senders shipped with the module).",
    )
    match_pattern = fields.Char(
        required=True,
        help="A case-insensitive Python regular expression searched in the "
        "item's sender text, e.g. urz[aąeę]d\\w*\\s+skarbow (catches 'Urząd "
        "Skarbowy' and 'Naczelnik Urzędu Skarbowego').",
    )
    category = fields.Selection(selection=CATEGORIES, required=True, default="other")
    active = fields.Boolean(default=True)

    @api.constrains("match_pattern")
    def _check_match_pattern(self):
        for sender in self:
            try:
                re.compile(sender.match_pattern or "", re.IGNORECASE)
            except re.error as error:
                raise ValidationError(
                    self.env._(
                        "The match pattern of %(sender)s is not a valid regular "
                        "expression: %(error)s. Nothing was saved.",
                        sender=sender.name,
                        error=str(error),
                    )
                ) from error
            if not (sender.match_pattern or "").strip():
                raise ValidationError(
                    self.env._(
                        "The match pattern of %(sender)s is empty.", sender=sender.name
                    )
                )

    @api.model
    def _desktomy_matcher(self, company):
        """A function telling whether a sender text is official in ``company``
        (the active senders of the company and those of every office)."""
        senders = self.sudo().search(
            [("company_id", "in", [company.id, False])], order="sequence, id"
        )
        patterns = []
        for sender in senders:
            try:
                patterns.append(re.compile(sender.match_pattern, re.IGNORECASE))
            except re.error:
                continue

        def match(text):
            return bool(text) and any(p.search(text) for p in patterns)

        return match
