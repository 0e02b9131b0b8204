# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """A company whose chart of accounts is loaded after the install (a
        new office, the demo's) gets the reminders too: its receivable
        accounts join the shipped policy, which becomes its default."""
        res = super()._post_load_data(template_code, company, template_data)
        self.env["credit.control.policy"]._desktomy_follow_companies(company)
        return res
