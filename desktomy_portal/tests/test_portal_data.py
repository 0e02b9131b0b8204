# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The client panel's "Download my data" and the access log of its downloads."""

import io
import json
import re
import zipfile

from odoo.tests import tagged

from odoo.addons.desktomy_portal.controllers import hardening
from odoo.addons.desktomy_portal.controllers.portal import DATA_EXPORT_RATE

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalData(DesktomyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item_a_scanned = cls._create_item(
            cls.client_a, sender="Scanned for Alfa", with_scan=True
        )

    def setUp(self):
        super().setUp()
        hardening.reset_limiters(self.env)
        self.addCleanup(hardening.reset_limiters, self.env)
        self.authenticate("dt_person", "dt_person")

    def _export(self, client_id):
        page = self._get(f"/my/mail?client_id={self.client_a.id}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
        return self.url_open(
            "/my/data/export",
            data={"csrf_token": token, "client_id": str(client_id)},
            allow_redirects=False,
        )

    def test_download_my_data(self):
        page = self._get(f"/my/mail?client_id={self.client_a.id}")
        self.assertIn("Download my data", page.text)
        response = self._export(self.client_a.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        data = json.loads(archive.read("data.json"))
        self.assertEqual(
            sorted(row["id"] for row in data["items"]),
            sorted((self.item_a | self.item_a_scanned).ids),
        )
        everything = b"".join(archive.read(name) for name in archive.namelist())
        self.assertNotIn(b"Sender of Beta", everything)
        self.assertNotIn(b"Sender of Omega", everything)
        self.assertIn("Data export", self.client_a.message_ids[0].body)

    def test_other_client_is_a_404_like_a_missing_one(self):
        refused = self._export(self.client_other.id)
        absent = self._export(self._nonexistent_partner_id())
        self._assert_same_refusal(refused, absent)
        self.assertNotEqual(refused.headers.get("Content-Type"), "application/zip")

    def test_rate_limited(self):
        for _index in range(DATA_EXPORT_RATE):
            self.assertEqual(self._export(self.client_a.id).status_code, 200)
        refused = self._export(self.client_a.id)
        self.assertEqual(refused.status_code, 429)

    def test_scan_download_logged(self):
        scan = self.item_a_scanned.scan_ids
        response = self._get(f"/my/mail/{self.item_a_scanned.id}/attachment/{scan.id}")
        self.assertEqual(response.status_code, 200)
        line = self.env["desktomy.access.log"].search([("attachment_id", "=", scan.id)])
        self.assertEqual(line.user_id, self.user_person)
        self.assertEqual(line.channel, "portal")
        self.assertEqual(line.partner_id, self.client_a)
        # the portal user reaches no line through the ORM
        self.assertFalse(
            self.env["desktomy.access.log"]
            .with_user(self.user_person)
            .has_access("read")
        )
