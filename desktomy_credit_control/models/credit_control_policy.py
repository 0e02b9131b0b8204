# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models

#: The shipped policy (data/credit_control_policy_data.xml).
OFFICE_POLICY = "desktomy_credit_control.credit_control_policy_office"


class CreditControlPolicy(models.Model):
    _inherit = "credit.control.policy"

    @api.model
    def _desktomy_follow_companies(self, companies, default_for_all=False):
        """Let the shipped policy cover the receivable accounts of
        ``companies`` and be their default policy.

        Called at install for every company (``default_for_all``: the policy
        becomes every company's default) and when a company gets its chart of
        accounts later (then only a company without a default policy gets it).
        """
        policy = self.env.ref(OFFICE_POLICY, raise_if_not_found=False)
        if not policy or not companies:
            return
        policy = policy.sudo()
        receivable = (
            self.env["account.account"]
            .sudo()
            .search(
                [
                    ("account_type", "=", "asset_receivable"),
                    ("company_ids", "in", companies.ids),
                ]
            )
        )
        policy.account_ids = [Command.link(account.id) for account in receivable]
        companies = companies.sudo()
        if not default_for_all:
            companies = companies.filtered(lambda company: not company.credit_policy_id)
        companies.credit_policy_id = policy
