# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestCreditControlPolicy(AccountTestInvoicingCommon):
    """The shipped policy, run by OCA Credit Control itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the accountant who runs the reminders
        cls.env.user.groups_id |= cls.env.ref(
            "account_credit_control.group_account_credit_control_manager"
        )
        cls.policy = cls.env.ref("desktomy_credit_control.credit_control_policy_office")
        # the company of the test is new: set it up as the install hook does
        cls.policy.account_ids |= cls.company_data["default_account_receivable"]
        cls.env.company.credit_policy_id = cls.policy
        cls.due = date(2026, 3, 2)
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.partner_a.id,
                "invoice_date": cls.due,
                "invoice_date_due": cls.due,
                "invoice_line_ids": [Command.create({"price_unit": 100.0})],
            }
        )
        cls.invoice.action_post()

    def _run(self, days_overdue):
        """A credit control run ``days_overdue`` days after the due date; the
        lines it generates are marked sent, as the e-mailing does."""
        run = self.env["credit.control.run"].create(
            {
                "date": self.due + timedelta(days=days_overdue),
                "policy_ids": [Command.set(self.policy.ids)],
            }
        )
        run.generate_credit_lines()
        lines = run.line_ids.filtered(lambda line: line.partner_id == self.partner_a)
        lines.state = "sent"
        self.env.flush_all()  # the policy reads the lines in SQL
        return lines.policy_level_id.mapped("level")

    def test_three_levels(self):
        levels = self.policy.level_ids.sorted("level")
        self.assertEqual(levels.mapped("level"), [1, 2, 3])
        self.assertEqual(levels.mapped("delay_days"), [7, 14, 30])
        self.assertEqual(set(levels.mapped("computation_mode")), {"net_days"})
        self.assertIn("hold your mail", levels[-1].custom_text)

    def test_polish_texts(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(
            ["desktomy_credit_control"], ["pl_PL"], overwrite=True
        )
        final = self.env.ref("desktomy_credit_control.credit_control_level_final")
        final = final.with_context(lang="pl_PL")
        self.assertEqual(final.name, "Ostateczne wezwanie do zapłaty")
        self.assertIn("wstrzymujemy Państwa korespondencję", final.custom_text)
        self.assertIn("wstrzymujemy Państwa korespondencję", final.custom_mail_text)

    def test_levels_fire_on_their_days(self):
        """Nothing before 7 days; then friendly, second and final in order, each
        on its day counted from the due date."""
        self.assertEqual(self._run(6), [])
        self.assertEqual(self._run(7), [1])
        self.assertEqual(self._run(13), [])
        self.assertEqual(self._run(14), [2])
        self.assertEqual(self._run(29), [])
        self.assertEqual(self._run(30), [3])
