# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalOfficial(DesktomyPortalCase):
    """Official items and postal notices carry a marker with their date, on
    the client's own pages only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["desktomy.mail"])
        cls.notice = cls._create_item(
            cls.client_a,
            sender="Sąd Rejonowy dla m.st. Warszawy",
            kind="postal_notice",
            notice_date=cls.today,
            notice_post_office="UP Warszawa 12",
        )
        cls.plain = cls._create_item(cls.client_a, sender="Allegro")
        cls.foreign_notice = cls._create_item(
            cls.client_other,
            sender="Komornik Sądowy",
            kind="postal_notice",
            notice_date=cls.today,
        )

    def _date(self, date):
        return date.strftime("%m/%d/%Y")

    def test_list_marker_with_date(self):
        self.authenticate("dt_person", "dt_person")
        response = self._get(f"/my/mail?client_id={self.client_a.id}")
        self.assertEqual(response.status_code, 200)
        deemed = self.notice.deemed_delivery_date
        self.assertEqual(deemed, self.today + timedelta(days=14))
        self.assertIn("o_desktomy_official_marker", response.text)
        self.assertIn(f"Counts as delivered on {self._date(deemed)}", response.text)
        tax = self._create_item(self.client_a, sender="Urząd Skarbowy Warszawa")
        self.assertTrue(tax.is_official)
        self.assertFalse(self.plain.is_official)
        response = self._get(f"/my/mail?client_id={self.client_a.id}")
        self.assertEqual(response.text.count("o_desktomy_official_marker"), 2)
        received = fields.Date.context_today(tax, tax.received_datetime)
        self.assertIn(f"Official, received on {self._date(received)}", response.text)
        official = self._get("/my/mail?filterby=official")
        self.assertNotIn(self.plain.name, official.text)
        self.assertIn(self.notice.name, official.text)

    def test_item_page_line_and_power_of_attorney(self):
        self.authenticate("dt_person", "dt_person")
        url = f"/my/mail/{self.notice.id}"
        deemed = self._date(self.notice.deemed_delivery_date)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "The registered letter counts as delivered on %s" % deemed, response.text
        )
        self.assertIn("o_desktomy_deemed_delivery_date", response.text)
        self.assertIn("give us a power of attorney", response.text)
        self.client_a.desktomy_postal_power_of_attorney_until = self.today + timedelta(
            days=10
        )
        response = self._get(url)
        self.assertIn("our desk may collect the registered letter", response.text)
        self.assertIn("UP Warszawa 12", response.text)
        # a letter collected: the notice says so
        self.env["desktomy.mail"].create(
            {
                "partner_id": self.client_a.id,
                "kind": "registered",
                "postal_notice_id": self.notice.id,
            }
        )
        response = self._get(url)
        self.assertIn("was collected", response.text)

    def test_other_clients_notice_not_shown(self):
        self.authenticate("dt_person", "dt_person")
        response = self._get(f"/my/mail/{self.foreign_notice.id}")
        self.assertEqual(response.status_code, 404)
        listing = self._get("/my/mail?filterby=official")
        self.assertNotIn(self.foreign_notice.name, listing.text)
