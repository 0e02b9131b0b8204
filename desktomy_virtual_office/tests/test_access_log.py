# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_client_data import ClientDataCommon
from .common_http import call_kw


@tagged("post_install", "-at_install")
class TestAccessLog(ClientDataCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_client_data()

    def assertLogged(self, attachment, user, channel, **domain):
        lines = self._log(attachment_id=attachment.id, user_id=user.id, **domain)
        self.assertEqual(len(lines), 1, f"one line for {attachment.name}")
        self.assertEqual(lines.channel, channel)
        self.assertEqual(lines.company_id, self.env.company)
        return lines

    def test_web_content_desk(self):
        self.authenticate("ho_desk", "ho_desk")
        response = self.url_open(f"/web/content/{self.scan.id}?download=true")
        self.assertEqual(response.status_code, 200)
        line = self.assertLogged(self.scan, self.user_desk, "backoffice")
        self.assertEqual(line.mail_id, self.items[0])
        self.assertEqual(line.partner_id, self.client)
        self.assertTrue(line.create_date)

    def test_web_image_desk(self):
        self.authenticate("ho_desk", "ho_desk")
        response = self.url_open(f"/web/image/{self.image.id}")
        self.assertEqual(response.status_code, 200)
        self.assertLogged(self.image, self.user_desk, "backoffice")

    def test_web_content_receipt(self):
        self.authenticate("cd_manager", "cd_manager")
        response = self.url_open(f"/web/content/{self.receipt.id}")
        self.assertEqual(response.status_code, 200)
        line = self.assertLogged(self.receipt, self.user_manager, "backoffice")
        self.assertEqual(line.handover_id, self.handover)

    def test_other_attachment_not_logged(self):
        other = self.env["ir.attachment"].create(
            {
                "name": "note.txt",
                "raw": b"x",
                "res_model": "res.partner",
                "res_id": self.client.id,
            }
        )
        self.authenticate("ho_desk", "ho_desk")
        self.assertEqual(self.url_open(f"/web/content/{other.id}").status_code, 200)
        self.assertFalse(self._log(attachment_id=other.id))

    def test_portal_routes(self):
        self.authenticate("cd_portal", "cd_portal")
        item = self.items[0]
        receipt = item.receipt_attachment_id
        self.assertTrue(receipt)
        for attachment in (self.scan, receipt):
            with self.subTest(attachment=attachment.name):
                response = self.url_open(
                    f"/my/mail/{item.id}/attachment/{attachment.id}"
                )
                self.assertEqual(response.status_code, 200)
                line = self.assertLogged(attachment, self.portal_user, "portal")
                self.assertTrue(line.mail_id or line.handover_id)

    def test_portal_foreign_scan_not_served_nor_logged(self):
        """Another client's scan through the panel is a 404, logged nowhere."""
        user = self.env["res.users"].create(
            {
                "name": "Third's person",
                "login": "cd_third",
                "password": "cd_third_pw",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        user.partner_id.desktomy_represented_client_ids = self.third
        self.authenticate("cd_third", "cd_third_pw")
        response = self.url_open(
            f"/my/mail/{self.items[0].id}/attachment/{self.scan.id}"
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._log(user_id=user.id))

    def test_report_route(self):
        self.authenticate("ho_desk", "ho_desk")
        response = self.url_open(
            "/report/pdf/desktomy_virtual_office.desktomy_mail_handover_report/"
            f"{self.handover.id}"
        )
        self.assertEqual(response.status_code, 200)
        line = self._log(user_id=self.user_desk.id, channel="report")
        self.assertEqual(len(line), 1)
        self.assertEqual(line.handover_id, self.handover)
        self.assertEqual(line.attachment_id, self.receipt)

    def test_office_user_cannot_read(self):
        self.env["desktomy.access.log"]._desktomy_log(self.scan)
        Log = self.env["desktomy.access.log"]
        with self.assertRaises(AccessError):
            Log.with_user(self.user_desk).search([])
        with self.assertRaises(AccessError):
            Log.with_user(self.portal_user).search([])
        self.assertTrue(Log.with_user(self.user_manager).search([]))
        self.authenticate("ho_desk", "ho_desk")
        answer = call_kw(self, "desktomy.access.log", "search_read", [[]])
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        answer = call_kw(
            self,
            "desktomy.mail",
            "web_read",
            [self.items[0].ids],
            {"specification": {"desktomy_access_log_ids": {}}},
        )
        self.assertIn("error", answer)
        self.authenticate("cd_manager", "cd_manager")
        answer = call_kw(self, "desktomy.access.log", "search_read", [[]])
        self.assertEqual(len(answer["result"]), 1)

    def test_append_only(self):
        Log = self.env["desktomy.access.log"]
        Log._desktomy_log(self.scan)
        line = self._log(attachment_id=self.scan.id)
        manager_line = line.with_user(self.user_manager)
        for call in (
            lambda: manager_line.write({"channel": "portal"}),
            lambda: manager_line.unlink(),
            lambda: Log.with_user(self.user_manager).create({"channel": "portal"}),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertTrue(line.exists())

    def test_item_form_shows_the_log_to_the_administrator(self):
        self.env["desktomy.access.log"].with_user(self.user_desk)._desktomy_log(
            self.scan
        )
        item = self.items[0].with_user(self.user_manager)
        self.assertEqual(item.desktomy_access_log_ids.user_id, self.user_desk)
        arch = item.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("desktomy_access_log_ids", arch)
        arch = (
            self.items[0]
            .with_user(self.user_desk)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("desktomy_access_log_ids", arch)

    def test_opening_a_scan_is_one_insert_more(self):
        """Streaming a scan costs what it cost before the log, plus the log's
        one INSERT (attachments kept in the database here: outside a request
        there is no filestore path)."""
        self.env["ir.config_parameter"].set_param("ir_attachment.location", "db")
        scan = self._add_scan(self.items[2], "scan-db.pdf", self.scan.raw)
        self.assertFalse(scan.store_fname)
        Binary = self.env["ir.binary"].with_user(self.user_desk)
        desk_scan = scan.with_user(self.user_desk)

        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Binary._get_stream_from(desk_scan)
            return self.env.cr.sql_log_count - before

        Log = type(self.env["desktomy.access.log"])
        with patch.object(Log, "_desktomy_log", lambda *args, **kwargs: None):
            count()  # warm the ORM's caches (rules, groups)
            without_log = count()
        self.assertFalse(self._log(attachment_id=scan.id))
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(without_log + 1):
            Binary._get_stream_from(desk_scan)
        self.assertEqual(len(self._log(attachment_id=scan.id)), 1)
