# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalAccess(DesktomyPortalCase):
    def test_switcher_lists_exactly_represented_clients(self):
        """A person representing three companies is offered exactly those three."""
        self.authenticate("dt_person", "dt_person")
        for url in ("/my/home", "/my/mail", f"/my/mail/{self.item_b.id}"):
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertCountEqual(self._switcher_ids(response), self.clients.ids)
            self.assertNotIn(self.client_other.name, response.text)

    def test_switch_between_the_three_companies(self):
        """Choosing a company shows its items and is remembered in the session."""
        self.authenticate("dt_person", "dt_person")
        items = {
            self.client_a: self.item_a,
            self.client_b: self.item_b,
            self.client_c: self.item_c,
        }
        for client, item in items.items():
            response = self._get(f"/my/mail?client_id={client.id}")
            self.assertEqual(response.status_code, 200)
            # Remembered: the next page without the parameter shows the same.
            response = self._get("/my/mail")
            self.assertIn(item.sender, response.text)
            for other_item in set(items.values()) - {item}:
                self.assertNotIn(other_item.sender, response.text)
            self.assertEqual(
                self._counters(["desktomy_mail_count"]), {"desktomy_mail_count": 1}
            )

    def test_other_company_refused_like_nonexistent(self):
        """Another company's id answers exactly as a nonexistent id, on every route."""
        self.authenticate("dt_person", "dt_person")
        scan_a = self._create_item(self.client_a, with_scan=True).scan_ids
        item_a = scan_a.res_id
        missing_client = self._nonexistent_partner_id()
        missing_item = self.item_other.id + 1000
        missing_scan = self.scan_other.id + 1000
        pairs = [
            (
                f"/my/home?client_id={self.client_other.id}",
                f"/my/home?client_id={missing_client}",
            ),
            (
                f"/my/mail?client_id={self.client_other.id}",
                f"/my/mail?client_id={missing_client}",
            ),
            (
                f"/my/mail/page/2?client_id={self.client_other.id}",
                f"/my/mail/page/2?client_id={missing_client}",
            ),
            (
                f"/my/mail/{item_a}?client_id={self.client_other.id}",
                f"/my/mail/{item_a}?client_id={missing_client}",
            ),
            (
                f"/my/mail/{item_a}/attachment/{scan_a.id}"
                f"?client_id={self.client_other.id}",
                f"/my/mail/{item_a}/attachment/{scan_a.id}?client_id={missing_client}",
            ),
            (f"/my/mail/{self.item_other.id}", f"/my/mail/{missing_item}"),
            (
                f"/my/mail/{self.item_other.id}/attachment/{self.scan_other.id}",
                f"/my/mail/{missing_item}/attachment/{missing_scan}",
            ),
            (
                f"/my/mail/{item_a}/attachment/{self.scan_other.id}",
                f"/my/mail/{item_a}/attachment/{missing_scan}",
            ),
            (
                f"/my/mail?client_id={self.client_other.id}",
                "/my/mail?client_id=not-a-number",
            ),
        ]
        for forbidden, missing in pairs:
            refused, absent = self._get(forbidden), self._get(missing)
            self._assert_same_refusal(refused, absent, forbidden)
            self.assertNotIn(self.client_other.name, refused.text)
        # Other methods are refused the same way too.
        refused = self.url_open(f"/my/mail?client_id={self.client_other.id}", data={})
        absent = self.url_open(f"/my/mail?client_id={missing_client}", data={})
        self.assertGreaterEqual(refused.status_code, 400)
        self._assert_same_refusal(refused, absent, status=refused.status_code)
        # The refusals did not change the selection kept in the session.
        self._get(f"/my/mail?client_id={self.client_b.id}")
        self._get(f"/my/mail?client_id={self.client_other.id}")
        self.assertIn(self.item_b.sender, self._get("/my/mail").text)

    def test_other_company_in_session_like_nonexistent(self):
        """A session value naming another company behaves like a nonexistent one."""
        session = self.authenticate("dt_person", "dt_person")
        pages = []
        for value in (self.client_other.id, self._nonexistent_partner_id()):
            self._set_session_client(session, value)
            response = self._get("/my/mail")
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(self.item_other.sender, response.text)
            shows_first = self.item_a.sender in response.text
            pages.append((self._switcher_ids(response), shows_first))
            self.assertEqual(
                self._counters(["desktomy_mail_count"])["desktomy_mail_count"], 1
            )
        self.assertEqual(pages[0], pages[1])
        self.assertTrue(pages[0][1], "falls back to the first represented client")

    def test_own_commercial_partner_client(self):
        """A contact of a client company sees that company first, then the others."""
        self.authenticate("dt_other", "dt_other")
        response = self._get("/my/mail")
        self.assertEqual(self._switcher_ids(response), [self.client_other.id])
        self.assertIn(self.item_other.sender, response.text)
        self.assertEqual(self._get(f"/my/mail/{self.item_a.id}").status_code, 404)
        self.other_contact.desktomy_represented_client_ids = [
            Command.link(self.client_c.id)
        ]
        response = self._get("/my/mail")
        self.assertEqual(
            self._switcher_ids(response), [self.client_other.id, self.client_c.id]
        )
        self.assertEqual(self._get(f"/my/mail/{self.item_c.id}").status_code, 200)

    def test_record_rules_follow_representation(self):
        """The portal rule is a traversal: representation changes apply at once."""
        Mail = self.env["desktomy.mail"]
        as_person = Mail.with_user(self.user_person)
        own = self.item_a | self.item_b | self.item_c
        self.assertEqual(as_person.search([]), own)
        self.person.desktomy_represented_client_ids = [
            Command.link(self.client_other.id)
        ]
        self.assertEqual(as_person.search([]), own | self.item_other)
        self.person.desktomy_represented_client_ids = [
            Command.unlink(self.client_other.id)
        ]
        self.assertEqual(as_person.search([]), own)
        as_contact = Mail.with_user(self.user_other)
        self.assertEqual(as_contact.search([]), self.item_other)
        self.assertFalse(as_contact.search([]).has_access("write"))

    def test_internal_user_unaffected(self):
        """An internal user without the portal sees their usual pages and data."""
        new_test_user(self.env, login="dt_internal", password="dt_internal")
        receptionist = new_test_user(
            self.env,
            login="dt_reception",
            groups="desktomy_virtual_office.group_desktomy_user",
        )
        self.authenticate("dt_internal", "dt_internal")
        response = self._get("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_desktomy_client_switcher", response.text)
        self.assertNotIn('href="/my/mail"', response.text)
        self.assertEqual(self._get("/my/mail").status_code, 404)
        # The portal rule does not narrow what the back office sees.
        everything = self.env["desktomy.mail"].search([])
        self.assertEqual(
            self.env["desktomy.mail"].with_user(receptionist).search([]), everything
        )

    def test_public_visitor_redirected_to_login(self):
        """A visitor who is not logged in is sent to the login page."""
        self.authenticate(None, None)
        response = self._get(f"/my/mail?client_id={self.client_a.id}")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
