# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Make the shipped policy the default of every company (the office
    installs the module to use it) and let it follow the companies'
    receivable accounts (a chart loaded later: ``account.chart.template``)."""
    env["credit.control.policy"]._desktomy_follow_companies(
        env["res.company"].search([]), default_for_all=True
    )
