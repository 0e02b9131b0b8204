# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCreditControlChart(TransactionCase):
    """A company given its chart of accounts after the install."""

    def test_chart_loaded_later(self):
        policy = self.env.ref("desktomy_credit_control.credit_control_policy_office")
        company = self.env["res.company"].create({"name": "Office opened later"})
        self.env.user.company_ids |= company
        self.assertFalse(
            self.env["account.account"].search(
                [("company_ids", "in", company.ids)], limit=1
            )
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        receivable = self.env["account.account"].search(
            [
                ("account_type", "=", "asset_receivable"),
                ("company_ids", "in", company.ids),
            ]
        )
        self.assertTrue(receivable)
        self.assertLessEqual(receivable, policy.account_ids)
        self.assertEqual(company.credit_policy_id, policy)
        self.assertIn(
            company.partner_id.with_company(company).property_account_receivable_id,
            policy.account_ids,
        )

    def test_own_default_policy_kept(self):
        """A company that chose another default policy keeps it."""
        receivable = self.env["account.account"].search(
            [("account_type", "=", "asset_receivable")], limit=1
        )
        other = self.env["credit.control.policy"].create(
            {"name": "Own policy", "account_ids": [(6, 0, receivable.ids)]}
        )
        company = self.env["res.company"].create(
            {"name": "Office with a policy", "credit_policy_id": other.id}
        )
        self.env.user.company_ids |= company
        self.env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        self.assertEqual(company.credit_policy_id, other)
