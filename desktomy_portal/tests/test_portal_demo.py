# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


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
