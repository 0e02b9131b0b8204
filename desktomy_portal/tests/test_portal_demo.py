# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalDemo(HttpCase):
    """The demo's portal logins work, in Polish, with their companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"]._get("desktomy_portal")
        # The project's test runs always install with demo data; a database
        # without it has nothing to check here.
        cls.has_demo = module.demo

    def _user(self, login):
        user = self.env["res.users"].search([("login", "=", login)])
        self.assertEqual(len(user), 1, login)
        self.assertTrue(user.share and user.has_group("base.group_portal"), login)
        self.assertEqual((user.lang, user.tz), ("pl_PL", "Europe/Warsaw"), login)
        return user

    def test_client_represents_three_companies(self):
        """client / client: Tomasz Wiśniewski switches between three companies."""
        if not self.has_demo:
            return
        user = self._user("client")
        clients = user.partner_id.desktomy_represented_client_ids
        self.assertEqual(len(clients), 3)
        self.authenticate("client", "client")
        response = self.url_open("/my/mail")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Przełącz profil", response.text)  # in Polish
        for client in clients:
            self.assertIn(client.name, response.text)

    def test_klient1_represents_one_company(self):
        """klient1 / klient1 sees the mail of its one company only."""
        if not self.has_demo:
            return
        user = self._user("klient1")
        client = user.partner_id.desktomy_represented_client_ids
        self.assertEqual(len(client), 1)
        self.authenticate("klient1", "klient1")
        response = self.url_open("/my/mail")
        self.assertEqual(response.status_code, 200)
        self.assertIn(client.name, response.text)
        other = self.env.ref("desktomy_virtual_office.client_1_demo")
        self.assertNotIn(other.name, response.text)
        response = self.url_open(f"/my/mail?client_id={other.id}")
        self.assertEqual(response.status_code, 404)

    @mute_logger("odoo.http")
    def test_stock_demo_users_see_no_mail(self):
        """The stock demo users that the README lists: ``demo`` (an internal
        user without any Virtual Office group) reads no item; ``portal``
        represents no client, so the panel's mail and billing pages answer
        404 for it."""
        if not self.has_demo:
            return
        demo = self.env.ref("base.user_demo")
        self.assertEqual(demo.login, "demo")
        self.assertFalse(demo.has_group("desktomy_virtual_office.group_desktomy_user"))
        with self.assertRaises(AccessError):
            self.env["desktomy.mail"].with_user(demo).search([], limit=1)
        portal = self.env.ref("base.demo_user0")
        self.assertEqual(portal.login, "portal")
        self.assertFalse(portal._desktomy_portal_clients())
        self.authenticate("portal", "portal")
        self.assertEqual(self.url_open("/my").status_code, 200)
        for page in ("/my/mail", "/my/billing", "/my/requests"):
            self.assertEqual(self.url_open(page).status_code, 404, page)

    @mute_logger("odoo.http")
    def test_client_requests(self):
        """client / client sent requests for Bałtyk Logistyka from the panel:
        a scan pending, a shredding overdue, a forwarding done by the
        receptionist with the item's own action, a shredding refused with a
        reason; he reads them in My requests."""
        if not self.has_demo:
            return
        user = self._user("client")
        baltyk = self.env.ref("desktomy_virtual_office.client_2_demo")
        requests = self.env["desktomy.mail.request"].search([("origin", "=", "portal")])
        self.assertEqual(requests.partner_id, baltyk)
        self.assertEqual(requests.requested_by_id, user.partner_id)
        by_state = {
            (request.kind, request.state, request.is_overdue): request
            for request in requests
        }
        self.assertEqual(
            set(by_state),
            {
                ("scan", "pending", False),
                ("shred", "pending", True),
                ("forward", "done", False),
                ("shred", "refused", False),
            },
        )
        receptionist = self.env.ref("desktomy_virtual_office.user_receptionist_demo")
        forward = by_state["forward", "done", False]
        self.assertEqual(forward.done_user_id, receptionist)
        self.assertRecordValues(
            forward.mail_ids,
            [
                {
                    "state": "forwarded",
                    "forward_address": forward.forward_address,
                    "forward_carrier": "Poczta Polska",
                    "disposition_user_id": receptionist.id,
                }
            ],
        )
        refused = by_state["shred", "refused", False]
        self.assertTrue(refused.refuse_reason)
        self.assertIn(refused.mail_ids.state, ("received", "notified"))
        self.authenticate("client", "client")
        page = self.url_open(f"/my/requests?client_id={baltyk.id}")
        self.assertEqual(page.status_code, 200)
        for request in requests:
            self.assertIn(request.name, page.text)
        self.assertIn(refused.refuse_reason, page.text)
