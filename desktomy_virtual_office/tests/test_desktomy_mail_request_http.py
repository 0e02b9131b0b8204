# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Requests over JSON-RPC, as the web client sends it: the desk's rules hold,
hostile values are refused cleanly, portal users and other offices get nothing."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_http import call_kw


@tagged("post_install", "-at_install")
class TestMailRequestRpc(HttpCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, groups in (
            ("rq_desk", "desktomy_virtual_office.group_desktomy_user"),
            ("rq_portal", "base.group_portal"),
        ):
            new_test_user(cls.env, login=login, password=f"{login}_pw", groups=groups)
        cls.other_company = cls.env["res.company"].create({"name": "Remote Office"})
        new_test_user(
            cls.env,
            login="rq_other",
            password="rq_other_pw",
            groups="desktomy_virtual_office.group_desktomy_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.client, cls.client_2 = cls.env["res.partner"].create(
            [
                {
                    "name": "RPC Client Sp. z o.o.",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "email": "rpc@client.example.com",
                },
                {
                    "name": "Other RPC Client",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "email": "other@client.example.com",
                },
            ]
        )
        cls.items = cls.env["desktomy.mail"].create(
            [{"partner_id": cls.client.id, "sender": f"RPC {n}"} for n in range(3)]
        )
        cls.foreign_item = cls.env["desktomy.mail"].create(
            {"partner_id": cls.client_2.id, "sender": "Foreign"}
        )
        cls.request = cls.env["desktomy.mail.request"]._desktomy_submit(
            cls.client, "shred", cls.items[0]
        )

    def _rpc(self, login, model, method, args, kwargs=None):
        self.authenticate(login, f"{login}_pw")
        kwargs = dict(kwargs or {}, context={"lang": "en_US"})
        return call_kw(self, model, method, args, kwargs)

    def _refused(self, login, method, args, kwargs=None, error="UserError", text=""):
        answer = self._rpc(login, "desktomy.mail.request", method, args, kwargs)
        self.assertIn("error", answer, f"{method}{args} was not refused")
        self.assertEqual(
            answer["error"]["data"]["name"], f"odoo.exceptions.{error}", answer
        )
        self.assertIn(text, answer["error"]["data"]["message"])

    def test_desk_rules_over_rpc(self):
        request = self.request
        for vals in (
            {"state": "done"},
            {"refuse_reason": "forged"},
            {"origin": "desk"},
            {"requested_datetime": "2020-01-01 00:00:00"},
        ):
            self._refused(
                "rq_desk", "web_save", [request.ids, vals], {"specification": {}}
            )
        # a second pending request on the same item, items of another client
        for vals, text in (
            (
                {
                    "partner_id": self.client.id,
                    "kind": "scan",
                    "mail_ids": [Command.set(self.items[:2].ids)],
                },
                "pending request",
            ),
            (
                {
                    "partner_id": self.client.id,
                    "kind": "scan",
                    "mail_ids": [Command.set((self.items[1] | self.foreign_item).ids)],
                },
                "belong",
            ),
            (
                {
                    "partner_id": self.client.id,
                    "kind": "pickup",
                    "pickup_date": "2000-01-01",
                    "mail_ids": [Command.set(self.items[1].ids)],
                },
                "past",
            ),
        ):
            self._refused(
                "rq_desk",
                "web_save",
                [[], vals],
                {"specification": {}},
                error="ValidationError",
                text=text,
            )
        # private methods are not reachable
        self._refused(
            "rq_desk",
            "_desktomy_submit",
            [self.client.id, "shred", self.items[1].ids],
            error="AccessError",
        )
        self.assertEqual(request.state, "pending")
        self.assertEqual(
            self.env["desktomy.mail.request"].search_count(
                [("partner_id", "=", self.client.id)]
            ),
            1,
        )

    def test_hostile_reason(self):
        for reason in (None, "", "   ", 42, ["x"], {"x": 1}):
            self._refused(
                "rq_desk", "action_refuse", [self.request.ids, reason], text="reason"
            )
        self._refused("rq_desk", "action_refuse", [self.request.ids], text="reason")
        self.assertEqual(self.request.state, "pending")
        with self.mock_mail_gateway():
            answer = self._rpc(
                "rq_desk",
                "desktomy.mail.request",
                "action_refuse",
                [self.request.ids, "<script>alert(1)</script> no contract"],
            )
        self.assertNotIn("error", answer)
        self.assertEqual(self.request.state, "refused")
        mail = self._new_mails.filtered(lambda m: m.model == "desktomy.mail.request")
        self.assertNotIn("<script>", mail.body_html)
        self._refused("rq_desk", "action_cancel", [self.request.ids], text="pending")

    def test_portal_and_other_office_get_nothing(self):
        for login in ("rq_portal", "rq_other"):
            with self.subTest(login=login):
                for method, args in (
                    ("action_cancel", [self.request.ids]),
                    ("action_refuse", [self.request.ids, "x"]),
                    ("action_fulfil", [self.request.ids]),
                    ("read", [self.request.ids, ["name"]]),
                ):
                    self._refused(login, method, args, error="AccessError")
        answer = self._rpc(
            "rq_other",
            "desktomy.mail.request",
            "search_read",
            [[]],
            {"fields": ["name"]},
        )
        self.assertEqual(answer["result"], [])
        self._refused("rq_portal", "search_read", [[]], error="AccessError")
        # the items' request fields are staff-only
        answer = self._rpc(
            "rq_portal",
            "desktomy.mail",
            "search_read",
            [[("request_ids", "!=", False)]],
            {"fields": ["name"]},
        )
        self.assertIn("error", answer)
        self.assertEqual(self.request.state, "pending")
