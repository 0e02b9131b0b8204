# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Make the shipped policy the default of every company (the office
    installs the module to use it) and let it follow the companies'
    receivable accounts."""
    policy = env.ref("desktomy_credit_control.credit_control_policy_office")
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable")]
    )
    policy.account_ids = [(4, account.id) for account in receivable]
    env["res.company"].search([]).credit_policy_id = policy
