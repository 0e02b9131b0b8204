# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from ..controllers import receipt_verification
from .common_handover import SIGNATURE, HandoverCommon
from .common_http import call_kw


@tagged("post_install", "-at_install")
class TestRetentionHttp(HandoverCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        cls.user_manager = new_test_user(
            cls.env,
            login="retention_manager",
            groups="desktomy_virtual_office.group_desktomy_manager,base.group_system",
            name="Office Administrator",
        )
        cls.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set(cls.clients[:1].ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        cls.handover = cls.env["desktomy.mail.handover"].search(
            [("partner_ids", "in", cls.clients[:1].ids)]
        )
        cls.original = cls.handover.receipt_attachment_id.raw
        cls.url = f"/desktomy/receipt/{cls.handover.verification_token}"

    def setUp(self):
        super().setUp()
        self.env["desktomy.rate.limit"].sudo()._reset(receipt_verification.KEY_PREFIX)

    def _purge(self):
        company = self.handover.company_id
        company.desktomy_retention_identity_days = 30
        with freeze_time(fields.Datetime.now() + timedelta(days=40)):
            self.env["desktomy.retention.run"]._desktomy_purge_company(company)
        self.env.flush_all()

    def test_verification_after_purge(self):
        """The page says the office's copy was purged; the client's copy (the
        original's bytes) still verifies by its SHA-256."""
        self.authenticate(None, None)
        page = self.url_open(self.url).text
        self.assertNotIn("o_desktomy_verification_purged", page)
        self._purge()
        self.assertFalse(self.handover.receipt_attachment_id)
        page = self.url_open(self.url).text
        self.assertIn("o_desktomy_verification_purged", page)
        self.assertIn(self.handover.receipt_sha256, page)
        self.assertNotIn("ABC123456", page)
        response = self.url_open(
            self.url,
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"receipt_file": ("receipt.pdf", self.original, "application/pdf")},
        )
        self.assertIn("o_desktomy_verification_genuine", response.text)
        response = self.url_open(
            self.url,
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"receipt_file": ("receipt.pdf", b"%PDF-other", "application/pdf")},
        )
        self.assertIn("o_desktomy_verification_different", response.text)

    def test_legal_hold_refused_to_office_user_over_rpc(self):
        item = self.handover.mail_ids[:1]
        self.authenticate("ho_desk", "ho_desk")
        answer = call_kw(
            self, "desktomy.mail", "write", [item.ids, {"legal_hold": True}]
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertIn("office administrator", answer["error"]["data"]["message"])
        self.assertFalse(item.legal_hold)
        self.authenticate("retention_manager", "retention_manager")
        answer = call_kw(
            self,
            "desktomy.mail",
            "write",
            [item.ids, {"legal_hold": True, "legal_hold_reason": "Audit"}],
        )
        self.assertIs(answer.get("result"), True, answer)
        item.invalidate_recordset()
        self.assertTrue(item.legal_hold)

    def test_negative_days_refused_over_rpc(self):
        self.authenticate("retention_manager", "retention_manager")
        answer = call_kw(
            self,
            "res.config.settings",
            "create",
            [{"desktomy_retention_scan_days": -3}],
        )
        settings_id = answer.get("result")
        if settings_id:
            answer = call_kw(self, "res.config.settings", "execute", [[settings_id]])
        self.assertEqual(
            answer["error"]["data"]["name"], "odoo.exceptions.ValidationError"
        )
        self.assertIn("cannot be negative", answer["error"]["data"]["message"])
        company = self.user_manager.company_id
        answer = call_kw(
            self,
            "res.company",
            "write",
            [company.ids, {"desktomy_retention_message_days": -1}],
        )
        self.assertEqual(
            answer["error"]["data"]["name"], "odoo.exceptions.ValidationError"
        )
        company.invalidate_recordset()
        self.assertEqual(company.desktomy_retention_scan_days, 0)
        self.assertEqual(company.desktomy_retention_message_days, 0)
