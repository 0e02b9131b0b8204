# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.desktomy_virtual_office.tests.common_handover import SIGNATURE

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalMail(DesktomyPortalCase):
    def test_list_columns_and_detail(self):
        """The list shows reference, date, sender, kind and status of the client."""
        self.item_b.write({"kind": "parcel", "tracking_number": "PL123456789"})
        self.authenticate("dt_person", "dt_person")
        response = self._get(f"/my/mail?client_id={self.client_b.id}")
        self.assertEqual(response.status_code, 200)
        for text in (self.item_b.name, "Sender of Beta", "Parcel", "Received"):
            self.assertIn(text, response.text)
        self.assertNotIn(self.item_a.name, response.text)
        response = self._get(f"/my/mail/{self.item_b.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("PL123456789", response.text)
        self.assertIn("This item has no scans.", response.text)

    def test_pager_sorting_and_filters(self):
        """Pager, sorting and filters work and unknown keys fall back to defaults."""
        bulk = self.env["desktomy.mail"].create(
            [
                {"partner_id": self.client_c.id, "sender": "Bulk sender %03d" % index}
                for index in range(90)
            ]
        )
        self._hand_over_items(bulk[1::2])
        self.authenticate("dt_person", "dt_person")
        first = self._get(f"/my/mail?client_id={self.client_c.id}&sortby=sender")
        self.assertEqual(first.text.count("Bulk sender"), 80)
        self.assertIn("Bulk sender 000", first.text)
        self.assertIn("/my/mail/page/2", first.text)
        second = self._get("/my/mail/page/2?sortby=sender")
        self.assertEqual(second.text.count("Bulk sender"), 10)
        self.assertIn("Bulk sender 089", second.text)
        self.assertIn("Sender of Gamma", second.text)
        waiting = self._get("/my/mail?filterby=waiting")
        self.assertEqual(waiting.text.count("Bulk sender"), 45)
        searched = self._get("/my/mail?search=sender 07&search_in=sender")
        self.assertEqual(searched.text.count("Bulk sender"), 10)
        fallback = self._get("/my/mail?sortby=nope&filterby=nope&search_in=nope")
        self.assertEqual(fallback.status_code, 200)
        self.assertEqual(fallback.text.count("Bulk sender"), 80)

    def test_scan_download(self):
        """Scans download through the item after the access check."""
        item = self._create_item(self.client_a, with_scan=True)
        scan = item.scan_ids
        self.authenticate("dt_person", "dt_person")
        response = self._get(f"/my/mail/{item.id}")
        self.assertIn(f"/my/mail/{item.id}/attachment/{scan.id}", response.text)
        download = self._get(f"/my/mail/{item.id}/attachment/{scan.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, b"%PDF-1.4 scan of Alfa Sp. z o.o.")
        self.assertIn("attachment", download.headers["Content-Disposition"])
        # A scan of another item cannot be fetched through this item.
        other = self._get(f"/my/mail/{item.id}/attachment/{self.scan_other.id}")
        self.assertEqual(other.status_code, 404)

    def test_signed_receipt_download(self):
        """The signed receipt of a handed-over item downloads from its page only."""
        self.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set(self.client_a.ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        receipt = self.item_a.receipt_attachment_id
        self.assertTrue(receipt)
        unsigned = self._create_item(self.client_a)
        self.authenticate("dt_person", "dt_person")
        page = self._get(f"/my/mail/{self.item_a.id}")
        self.assertIn("o_desktomy_receipt_link", page.text)
        download = self._get(f"/my/mail/{self.item_a.id}/attachment/{receipt.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, receipt.raw)
        other = self._get(f"/my/mail/{unsigned.id}/attachment/{receipt.id}")
        self.assertEqual(other.status_code, 404)
        page = self._get(f"/my/mail/{unsigned.id}")
        self.assertNotIn("o_desktomy_receipt_link", page.text)

    def test_reversed_pickup_shows_waiting(self):
        """After a reversal the portal shows the item waiting, without the
        handover date, the collector or the receipt."""
        self.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set(self.client_a.ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        handover = self.item_a.handover_id
        receipt = self.item_a.receipt_attachment_id
        self.item_a.action_reset_received(reason="Wrong collector")
        self.authenticate("dt_person", "dt_person")
        page = self._get(f"/my/mail/{self.item_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_desktomy_receipt_link", page.text)
        self.assertNotIn("Anna Nowak", page.text)
        self.assertIn("Received", page.text)
        download = self._get(f"/my/mail/{self.item_a.id}/attachment/{receipt.id}")
        self.assertEqual(download.status_code, 404)
        # the office keeps the original handover untouched
        self.assertEqual(handover.mail_ids, self.item_a)
        self.assertTrue(handover.receipt_attachment_id)

    def test_signed_receipt_client_copy(self):
        """A receipt that also lists another company's mail downloads as a copy
        that lists only the items of the companies the user represents."""
        self.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set((self.client_a | self.client_other).ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        receipt = self.item_a.receipt_attachment_id
        self.assertEqual(receipt.raw, self.item_other.receipt_attachment_id.raw)
        original = receipt.raw.decode()
        self.assertIn(self.item_other.name, original)
        self.assertNotIn("o_desktomy_client_copy", original)
        self.authenticate("dt_person", "dt_person")
        download = self._get(f"/my/mail/{self.item_a.id}/attachment/{receipt.id}")
        self.assertEqual(download.status_code, 200)
        self.assertIn("attachment", download.headers["Content-Disposition"])
        copy = download.content.decode()
        self.assertIn("o_desktomy_client_copy", copy)
        self.assertIn(self.item_a.name, copy)
        self.assertIn(self.client_a.name, copy)
        self.assertIn(self.item_a.handover_id.receipt_sha256, copy)
        self.assertNotIn(self.item_other.name, copy)
        self.assertNotIn(self.client_other.name, copy)
        # the stored original is untouched
        self.assertEqual(receipt.raw.decode(), original)

    def test_home_tiles_and_counters(self):
        """The home page has the mail tiles; the counters follow the selection."""
        self._create_item(self.client_b, state="collected")
        self.authenticate("dt_person", "dt_person")
        response = self._get("/my/home")
        self.assertIn('href="/my/mail"', response.text)
        self.assertIn('data-placeholder_count="desktomy_mail_count"', response.text)
        self.assertIn(
            'data-placeholder_count="desktomy_mail_waiting_count"', response.text
        )
        self._get(f"/my/mail?client_id={self.client_b.id}")
        counters = ["desktomy_mail_count", "desktomy_mail_waiting_count"]
        self.assertEqual(
            self._counters(counters),
            {"desktomy_mail_count": 2, "desktomy_mail_waiting_count": 1},
        )
        new_test_user(self.env, login="dt_nobody", groups="base.group_portal")
        self.authenticate("dt_nobody", "dt_nobodyx")
        self.assertEqual(
            self._counters(counters),
            {"desktomy_mail_count": 0, "desktomy_mail_waiting_count": 0},
        )

    def test_query_counts(self):
        """/my/mail and an item page take the same number of queries, small or large."""
        self.env["desktomy.mail"].create(
            [
                {"partner_id": self.client_c.id, "sender": "Bulk %d" % index}
                for index in range(300)
            ]
        )
        self.authenticate("dt_person", "dt_person")
        # Small client (1 item): warm the caches up, then measure.
        self._get(f"/my/mail?client_id={self.client_a.id}")
        self._get(f"/my/mail/{self.item_a.id}")
        list_queries = self._count_queries("/my/mail")
        item_queries = self._count_queries(f"/my/mail/{self.item_a.id}")
        self.assertLessEqual(list_queries, 20)
        self.assertLessEqual(item_queries, 20)
        # Large client (301 items, a full page of 80): exactly as many.
        self._get(f"/my/mail?client_id={self.client_c.id}")
        self._get(f"/my/mail/{self.item_c.id}")
        with self.assertQueryCount(list_queries):
            self._get("/my/mail")
        with self.assertQueryCount(item_queries):
            self._get(f"/my/mail/{self.item_c.id}")
