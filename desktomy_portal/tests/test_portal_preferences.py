# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Mail Preferences: notification mode and standing instructions, over HTTP,
with access and hostile-input tests for every route."""

import re

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.desktomy_portal.controllers import hardening

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalPreferences(DesktomyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.address_a = Partner.create(
            {
                "name": "Alfa Warehouse",
                "type": "delivery",
                "parent_id": cls.client_a.id,
                "street": "ul. Magazynowa 7",
                "city": "Kraków",
            }
        )
        cls.address_other = Partner.create(
            {
                "name": "Omega Branch",
                "type": "delivery",
                "parent_id": cls.client_other.id,
                "street": "ul. Obca 1",
                "city": "Gdańsk",
            }
        )
        cls.Preference = cls.env["desktomy.notification.preference"]
        cls.Instruction = cls.env["desktomy.standing.instruction"]
        cls.instruction_other = cls.Instruction.create(
            {"partner_id": cls.client_other.id, "action": "scan"}
        )

    def setUp(self):
        super().setUp()
        hardening.reset_limiters(self.env)
        self.addCleanup(hardening.reset_limiters, self.env)

    def _csrf(self):
        page = self._get("/my/preferences")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]

    def _post(self, url, data, token=True):
        # (many posts in a row: the rate limit is tested in test_portal_limits)
        hardening.reset_limiters(self.env)
        if token:
            data = dict(data, csrf_token=self._csrf())
        return self.url_open(url, data=data, allow_redirects=False)

    def _mode(self, client, person=None):
        return self.Preference.search(
            [
                ("person_id", "=", (person or self.person).id),
                ("client_id", "=", client.id),
            ]
        ).mode

    # ------------------------------------------------------------
    # The page
    # ------------------------------------------------------------

    def test_page_lists_represented_companies(self):
        """The page lists the three companies with the default mode (office
        notifications only) selected and the other two offered; the company of
        another client is not shown; only its own address is."""
        self.authenticate("dt_person", "dt_person")
        page = self._get("/my/preferences")
        self.assertEqual(page.status_code, 200)
        for client in self.clients:
            self.assertIn(f'id="desktomy_client_{client.id}"', page.text)
        self.assertNotIn("Omega", page.text)
        self.assertNotIn("Omega Branch", page.text)
        self.assertIn("Alfa Warehouse", page.text)
        self.assertEqual(
            len(
                re.findall(
                    r'<option value="none" selected="[^"]+">Office notifications only',
                    page.text,
                )
            ),
            3,
        )
        self.assertNotRegex(page.text, r'<option value="(arrival|digest)" selected')
        self.assertIn('<option value="arrival">E-mail on arrival', page.text)
        self.assertIn('<option value="digest">Daily digest', page.text)
        self.assertEqual(page.headers.get("X-Frame-Options"), "SAMEORIGIN")
        home = self._get("/my/home")
        self.assertIn("/my/preferences", home.text)

    def test_page_refused_without_clients(self):
        """A portal user who represents nobody gets 404, like a missing page."""
        new_test_user(
            self.env,
            login="dt_nobody",
            password="dt_nobody",
            groups="base.group_portal",
        )
        self.authenticate("dt_nobody", "dt_nobody")
        self.assertEqual(self._get("/my/preferences").status_code, 404)
        self.authenticate(None, None)
        response = self._get("/my/preferences")
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_page_queries_do_not_grow_with_companies(self):
        """The page runs the same queries for 3 and for 6 companies, each with
        an instruction, a delivery address and a preference."""
        Partner = self.env["res.partner"]
        more = Partner.create(
            [
                {
                    "name": f"Delta {index}",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for index in range(3)
            ]
        )
        for client in self.clients | more:
            Partner.create(
                {
                    "name": f"{client.name} Warehouse",
                    "type": "delivery",
                    "parent_id": client.id,
                    "street": "ul. Magazynowa 7",
                }
            )
            self.Instruction.create({"partner_id": client.id, "action": "hold"})
        for client in self.clients:
            self.Preference._desktomy_set_mode(self.person, client, "digest")
        self.authenticate("dt_person", "dt_person")
        self._count_queries("/my/preferences")  # warm up
        three = self._count_queries("/my/preferences")
        self.person.desktomy_represented_client_ids |= more
        for client in more:
            self.Preference._desktomy_set_mode(self.person, client, "digest")
        self._count_queries("/my/preferences")
        six = self._count_queries("/my/preferences")
        self.assertEqual(three, six)

    # ------------------------------------------------------------
    # Notification mode
    # ------------------------------------------------------------

    def test_set_mode(self):
        """The representative chooses the daily digest for one company, then
        e-mails on arrival, then goes back to office notifications only (kept as
        "none")."""
        self.authenticate("dt_person", "dt_person")
        response = self._post(
            "/my/preferences/notification",
            {"client_id": self.client_a.id, "mode": "digest"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._mode(self.client_a), "digest")
        self.assertFalse(self._mode(self.client_b))
        page = self._get("/my/preferences")
        self.assertRegex(
            page.text, r'<option value="digest" selected="[^"]+">Daily digest'
        )
        self._post(
            "/my/preferences/notification",
            {"client_id": self.client_a.id, "mode": "arrival"},
        )
        self.assertEqual(self._mode(self.client_a), "arrival")
        self._post(
            "/my/preferences/notification",
            {"client_id": self.client_a.id, "mode": "none"},
        )
        self.assertEqual(self._mode(self.client_a), "none")
        page = self._get("/my/preferences")
        self.assertRegex(
            page.text,
            rf'id="desktomy_mode_{self.client_a.id}"[^>]*>\s*'
            r'<option value="none" selected="[^"]+">Office notifications only',
        )

    def _person_notices(self):
        return self.env["desktomy.person.notice"].search(
            [("person_id", "=", self.person.id)]
        )

    def _person_mails(self):
        self.assertTrue(self.person.email)
        return self.env["mail.mail"].search(
            [
                ("model", "=", "desktomy.person.notice"),
                ("email_to", "=", self.person.email),
            ]
        )

    def test_switch_back_to_none_stops_the_emails(self):
        """Nothing chosen: no e-mail. E-mail on arrival chosen on the page for
        Alfa: one e-mail per registration of Alfa's mail. Back to office
        notifications only for Alfa, and for Beta after choosing the digest:
        no e-mail on arrival and no digest. The digest chosen again for Beta
        lists the day's new mail of Beta (what "none" held back)."""
        Notice = self.env["desktomy.person.notice"]
        today = fields.Date.context_today(Notice)
        url = "/my/preferences/notification"
        self._create_item(self.client_a)
        item_b = self._create_item(self.client_b)
        self.assertFalse(Notice._desktomy_send_digests(today))
        self.assertFalse(self._person_notices(), "nothing chosen, nothing sent")
        self.assertFalse(self._person_mails())
        self.authenticate("dt_person", "dt_person")
        for client, mode in ((self.client_a, "arrival"), (self.client_b, "digest")):
            response = self._post(url, {"client_id": client.id, "mode": mode})
            self.assertEqual(response.status_code, 303)
        item_a = self._create_item(self.client_a)
        arrival = self._person_notices()
        self.assertEqual(arrival.mode, "arrival")
        self.assertEqual(arrival.item_ids, item_a)
        self.assertEqual(len(self._person_mails()), 1)
        for client in (self.client_a, self.client_b):
            response = self._post(url, {"client_id": client.id, "mode": "none"})
            self.assertEqual(response.status_code, 303)
        self._create_item(self.client_a)
        item_b |= self._create_item(self.client_b)
        self.assertFalse(Notice._desktomy_send_digests(today), "no digest")
        self.assertEqual(self._person_notices(), arrival, "no new e-mail")
        self.assertEqual(len(self._person_mails()), 1)
        self._post(url, {"client_id": self.client_b.id, "mode": "digest"})
        digest = Notice._desktomy_send_digests(today)
        self.assertEqual(digest.person_id, self.person)
        self.assertLessEqual(item_b, digest.item_ids)
        self.assertEqual(digest.item_ids.partner_id, self.client_b, "Beta only")
        self.assertEqual(len(self._person_mails()), 2)

    def test_commercial_contact_sets_mode(self):
        """The client company's own contact chooses for their company."""
        self.authenticate("dt_other", "dt_other")
        response = self._post(
            "/my/preferences/notification",
            {"client_id": self.client_other.id, "mode": "digest"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._mode(self.client_other, self.other_contact), "digest")

    def test_mode_hostile(self):
        """A company the user does not represent answers exactly like one that
        does not exist; an unknown mode, a garbage id, a repeated parameter,
        no CSRF token and a GET are refused; nothing is saved."""
        self.authenticate("dt_person", "dt_person")
        url = "/my/preferences/notification"
        foreign = self._post(url, {"client_id": self.client_other.id, "mode": "digest"})
        missing = self._post(
            url, {"client_id": self._nonexistent_partner_id(), "mode": "digest"}
        )
        self._assert_same_refusal(foreign, missing)
        for data in (
            {"client_id": self.client_a.id, "mode": "weekly"},
            {"client_id": self.client_a.id, "mode": "DIGEST"},
            {"client_id": self.client_a.id, "mode": "NONE"},
            {"client_id": self.client_a.id, "mode": ""},
            {"client_id": self.client_a.id, "mode": "none "},
            {"client_id": self.client_a.id, "mode": "none' OR 1=1"},
            {"client_id": self.client_a.id},
            {"client_id": "1e3", "mode": "digest"},
            {"client_id": "-1", "mode": "digest"},
            {"client_id": "99999999999", "mode": "digest"},
            {"client_id": f"{self.client_a.id}' OR 1=1", "mode": "digest"},
            {"mode": "digest"},
        ):
            self.assertEqual(self._post(url, data).status_code, 404, data)
        hardening.reset_limiters(self.env)
        repeated = self.url_open(
            f"{url}?client_id={self.client_other.id}",
            data={
                "csrf_token": self._csrf(),
                "client_id": self.client_a.id,
                "mode": "digest",
            },
            allow_redirects=False,
        )
        self.assertEqual(repeated.status_code, 404)
        no_csrf = self._post(
            url, {"client_id": self.client_a.id, "mode": "digest"}, token=False
        )
        self.assertEqual(no_csrf.status_code, 400)
        self.assertEqual(self._get(url).status_code, 405)
        self.assertFalse(
            self.Preference.search([("person_id", "=", self.person.id)]),
            "nothing saved",
        )

    # ------------------------------------------------------------
    # Standing instructions
    # ------------------------------------------------------------

    def test_set_and_remove_instruction(self):
        """The representative sets "always forward" for parcels to the
        company's address, replaces it by "hold", removes it; intake applies
        what is set."""
        self.authenticate("dt_person", "dt_person")
        response = self._post(
            "/my/preferences/instruction",
            {
                "client_id": self.client_a.id,
                "item_kind": "parcel",
                "action": "forward",
                "forward_address_id": self.address_a.id,
                "forward_carrier": "InPost",
            },
        )
        self.assertEqual(response.status_code, 303)
        instruction = self.Instruction.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(instruction.action, "forward")
        self.assertEqual(instruction.forward_address_id, self.address_a)
        self.assertEqual(instruction.forward_carrier, "InPost")
        self.assertEqual(instruction.set_by_id, self.person)
        page = self._get("/my/preferences")
        self.assertIn("Always forward to this address", page.text)
        parcel = self._create_item(self.client_a, kind="parcel")
        request = self.env["desktomy.mail.request"].search(
            [("mail_ids", "in", parcel.ids)]
        )
        self.assertEqual(request.kind, "forward")
        self.assertEqual(request.origin, "instruction")
        # replaced by "hold" for the same kind
        self._post(
            "/my/preferences/instruction",
            {"client_id": self.client_a.id, "item_kind": "parcel", "action": "hold"},
        )
        current = self.Instruction.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(current.action, "hold")
        self.assertFalse(instruction.active)
        response = self._post(
            "/my/preferences/instruction/remove",
            {"client_id": self.client_a.id, "instruction_id": current.id},
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(current.active)

    def test_instruction_hostile(self):
        """Another company, another client's delivery address, another
        client's instruction, unknown kinds, actions and carriers: the same 404
        as a missing record, and nothing changes."""
        self.authenticate("dt_person", "dt_person")
        url = "/my/preferences/instruction"
        base = {"client_id": self.client_a.id, "item_kind": "all", "action": "scan"}
        foreign = self._post(url, dict(base, client_id=self.client_other.id))
        missing = self._post(url, dict(base, client_id=self._nonexistent_partner_id()))
        self._assert_same_refusal(foreign, missing)
        forward = dict(base, action="forward", forward_address_id=self.address_a.id)
        for data in (
            dict(base, item_kind="weekly"),
            dict(base, action="burn"),
            dict(base, action="forward"),  # no address
            dict(forward, forward_address_id=self.address_other.id),
            dict(forward, forward_address_id=self.client_a.id),  # not a delivery one
            dict(forward, forward_address_id="x"),
            dict(forward, forward_carrier="Evil Carrier <script>"),
            dict(forward, forward_carrier="InPost\x00"),
            dict(base, client_id="0"),
        ):
            self.assertEqual(self._post(url, data).status_code, 404, data)
        self.assertFalse(
            self.Instruction.search([("partner_id", "in", self.clients.ids)]),
            "nothing saved",
        )
        remove = "/my/preferences/instruction/remove"
        foreign_instruction = self._post(
            remove,
            {
                "client_id": self.client_a.id,
                "instruction_id": self.instruction_other.id,
            },
        )
        missing_instruction = self._post(
            remove, {"client_id": self.client_a.id, "instruction_id": 2_000_000_000}
        )
        self._assert_same_refusal(foreign_instruction, missing_instruction)
        other_client = self._post(
            remove,
            {
                "client_id": self.client_other.id,
                "instruction_id": self.instruction_other.id,
            },
        )
        self.assertEqual(other_client.status_code, 404)
        self.assertTrue(self.instruction_other.active)
        no_csrf = self._post(url, base, token=False)
        self.assertEqual(no_csrf.status_code, 400)
        self.assertEqual(self._get(url).status_code, 405)

    def test_no_orm_access(self):
        """Portal users reach neither model through the ORM (JSON-RPC)."""
        for model in (
            "desktomy.notification.preference",
            "desktomy.standing.instruction",
        ):
            Model = self.env[model].with_user(self.user_person)
            self.assertFalse(Model.has_access("read"), model)
            self.assertFalse(Model.has_access("create"), model)
