# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io
import json
import zipfile

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.client_data import _safe
from .common_client_data import ClientDataCommon


@tagged("post_install", "-at_install")
class TestClientExport(ClientDataCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_client_data()

    def _zip(self, content):
        archive = zipfile.ZipFile(io.BytesIO(content))
        return archive, {name: archive.read(name) for name in archive.namelist()}

    def test_export_holds_the_client_and_nothing_else(self):
        content = self.client.with_user(self.user_manager)._desktomy_export_zip()
        _archive, files = self._zip(content)
        for name in (
            "data.json",
            "items.csv",
            "notifications.csv",
            "requests.csv",
            "handovers.csv",
            "usage.csv",
        ):
            self.assertIn(name, files)
        data = json.loads(files["data.json"])
        self.assertEqual(data["client"]["id"], self.client.id)
        self.assertEqual(
            sorted(row["id"] for row in data["items"]), sorted(self.items.ids)
        )
        usage = self.env["desktomy.service.usage"].search(
            [("partner_id", "=", self.client.id)]
        )
        self.assertEqual(sorted(row["id"] for row in data["usage"]), sorted(usage.ids))
        self.assertEqual(
            [row["name"] for row in data["handovers"]], [self.handover.name]
        )
        rows = list(csv.DictReader(io.StringIO(files["items.csv"].decode())))
        self.assertEqual(len(rows), len(self.items))
        scans = [name for name in files if name.startswith("scans/")]
        self.assertEqual(len(scans), 2)
        self.assertIn(self.scan.raw, files.values())
        self.assertEqual(
            [name for name in files if name.startswith("receipts/")],
            [f"receipts/{_safe(self.handover.name)}.pdf"],
        )
        everything = b"".join(files.values())
        for foreign in self.other_items | self.third.desktomy_mail_ids:
            self.assertNotIn(foreign.name.encode(), everything)
            self.assertNotIn(foreign.sender.encode(), everything)
        self.assertNotIn(self.other_scan.name.encode(), everything)
        self.assertIn("Data export", self.client.message_ids[0].body)

    def test_shared_handover_gives_the_clients_copy(self):
        """A handover of several clients: the client's copy, not the original."""
        waiting = self._waiting(self.other | self.third)
        self.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [(6, 0, (self.other | self.third).ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "XYZ987654",
                "digital_confirmation": True,
                "signature": self.handover.with_context(bin_size=False).signature,
            }
        ).action_handover()
        shared = waiting.handover_id
        _archive, files = self._zip(self.other._desktomy_export_zip())
        receipt = files[f"receipts/{_safe(shared.name)}.pdf"]
        self.assertNotEqual(receipt, shared.receipt_attachment_id.raw)
        for foreign in self.third.desktomy_mail_ids:
            self.assertNotIn(foreign.name.encode(), b"".join(files.values()))

    def test_refused_to_office_user_and_other_office(self):
        with self.assertRaises(AccessError):
            self.client.with_user(self.user_desk)._desktomy_export_zip()
        other_office = self.env["res.company"].create({"name": "Other Office"})
        foreign_admin = new_test_user(
            self.env,
            login="cd_foreign",
            groups="desktomy_virtual_office.group_desktomy_manager",
            company_id=other_office.id,
            company_ids=[(6, 0, other_office.ids)],
        )
        with self.assertRaises(AccessError):
            self.client.with_user(foreign_admin)._desktomy_export_zip()

    def test_back_office_download(self):
        url = f"/desktomy/client/{self.client.id}/export"
        self.authenticate("cd_manager", "cd_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        self._zip(response.content)
        action = self.client.with_user(self.user_manager).action_desktomy_export_data()
        self.assertEqual(action["url"], url)
        self.authenticate("ho_desk", "ho_desk")
        self.assertEqual(self.url_open(url).status_code, 404)
        with self.assertRaises(AccessError):
            self.client.with_user(self.user_desk).action_desktomy_export_data()
