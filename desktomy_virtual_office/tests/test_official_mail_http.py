# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common_http import call_kw


@tagged("post_install", "-at_install")
class TestOfficialMailHttp(HttpCase):
    """Official mail over JSON-RPC, as the web client sends it: hostile input
    is refused with a clear error and nothing is saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = new_test_user(
            cls.env,
            login="official_desk",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="official_manager",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_manager",
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Delta Sp. z o.o.", "is_company": True, "desktomy_is_client": True}
        )

    def _error(self, answer):
        return answer.get("error", {}).get("data", {})

    def test_bad_pattern_and_desk_user_refused(self):
        self.authenticate("official_manager", "official_manager")
        answer = call_kw(
            self,
            "desktomy.official.sender",
            "create",
            [{"name": "Broken", "match_pattern": "s[ąa(d"}],
        )
        self.assertEqual(self._error(answer)["name"], "odoo.exceptions.ValidationError")
        self.assertIn("not a valid regular expression", self._error(answer)["message"])
        self.assertFalse(
            self.env["desktomy.official.sender"].search([("name", "=", "Broken")])
        )
        self.authenticate("official_desk", "official_desk")
        answer = call_kw(
            self,
            "desktomy.official.sender",
            "create",
            [{"name": "Mine", "match_pattern": "mine"}],
        )
        self.assertEqual(self._error(answer)["name"], "odoo.exceptions.AccessError")

    def test_notice_dates_refused(self):
        self.authenticate("official_desk", "official_desk")
        today = fields.Date.context_today(self.env["desktomy.mail"])
        base = {"partner_id": self.client.id, "kind": "postal_notice"}
        for vals, message in (
            ({}, "needs the date of the notice"),
            (
                {"notice_date": fields.Date.to_string(today + timedelta(days=3))},
                "cannot be in the future",
            ),
        ):
            answer = call_kw(self, "desktomy.mail", "create", [dict(base, **vals)])
            self.assertIn("error", answer, vals)
            self.assertIn(message, self._error(answer).get("message", ""))
        self.assertFalse(
            self.env["desktomy.mail"].search([("partner_id", "=", self.client.id)])
        )
        answer = call_kw(
            self,
            "desktomy.mail",
            "create",
            [dict(base, notice_date=fields.Date.to_string(today))],
        )
        notice = self.env["desktomy.mail"].browse(answer["result"])
        self.assertEqual(notice.deemed_delivery_date, today + timedelta(days=14))
        self.assertEqual(notice.notice_state, "pending")

    def test_period_zero_refused(self):
        self.authenticate("admin", "admin")
        company = self.env.company
        answer = call_kw(
            self,
            "res.company",
            "write",
            [company.ids, {"desktomy_notice_period_days": 0}],
        )
        self.assertEqual(self._error(answer)["name"], "odoo.exceptions.ValidationError")
        self.assertIn("at least one day", self._error(answer)["message"])
        company.invalidate_recordset()
        self.assertEqual(company.desktomy_notice_period_days, 14)
