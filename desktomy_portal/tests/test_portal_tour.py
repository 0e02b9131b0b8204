# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(DesktomyPortalCase):
    def test_tour_billing_switch_profile(self):
        """A portal user logs in, opens Billing → Summaries and switches profile."""
        self.env.company.desktomy_portal_billing_summary = True
        self.start_tour("/web/login?redirect=/my", "desktomy_portal_billing_switch")

    def test_tour_request_scan_and_cancel(self):
        """The demo user ticks two waiting items, asks for a scan, sees the
        price, sends the request, finds it in My requests and cancels it."""
        user = self.env["res.users"].search([("login", "=", "client")])
        if not user:
            # (the project's test runs always install the demo data)
            return
        client = user._desktomy_portal_clients()[:1]
        items = self.env["desktomy.mail"].create(
            [
                {"partner_id": client.id, "sender": f"Tour sender {letter}"}
                for letter in "AB"
            ]
        )
        Request = self.env["desktomy.mail.request"]
        before = Request.search([])
        self.start_tour("/my/mail", "desktomy_portal_request", login="client")
        record = Request.search([]) - before
        self.assertEqual(len(record), 1)
        self.assertRecordValues(
            record,
            [
                {
                    "kind": "scan",
                    "state": "cancelled",
                    "origin": "portal",
                    "partner_id": client.id,
                    "requested_by_id": user.partner_id.id,
                    "note": "Tour: both pages, please",
                }
            ],
        )
        self.assertEqual(record.mail_ids, items)
