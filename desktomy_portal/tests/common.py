# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user

from odoo.addons.desktomy_portal.controllers.portal import SESSION_CLIENT_KEY


def strip_language_links(text):
    """``text`` without the targets of the language selector's links.

    With several languages installed (the demo adds Polish), the selector
    links each language to the requested URL: a page echoes the path and
    query asked for, which reveals nothing, but differs from another URL's.
    """
    return re.sub(
        r'(<a class="dropdown-item js_change_lang[^"]*"[^>]*) href="[^"]*"',
        r'\1 href="(this page)"',
        text,
    )


class DesktomyPortalCase(HttpCase):
    """Clients, a person representing three of them, and their users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.client_a, cls.client_b, cls.client_c, cls.client_other = Partner.create(
            [
                {"name": name, "is_company": True, "desktomy_is_client": True}
                for name in ("Alfa Sp. z o.o.", "Beta S.A.", "Gamma Fundacja", "Omega")
            ]
        )
        cls.clients = cls.client_a | cls.client_b | cls.client_c
        cls.person = Partner.create(
            {
                "name": "Person Representing Three",
                "email": "three@example.com",
                "desktomy_represented_client_ids": [Command.set(cls.clients.ids)],
            }
        )
        cls.user_person = new_test_user(
            cls.env,
            login="dt_person",
            password="dt_person",
            groups="base.group_portal",
            partner_id=cls.person.id,
        )
        # A client company whose own contact logs in (commercial partner case).
        cls.other_contact = Partner.create(
            {"name": "Omega Contact", "parent_id": cls.client_other.id}
        )
        cls.user_other = new_test_user(
            cls.env,
            login="dt_other",
            password="dt_other",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        cls.item_a = cls._create_item(cls.client_a, sender="Sender of Alfa")
        cls.item_b = cls._create_item(cls.client_b, sender="Sender of Beta")
        cls.item_c = cls._create_item(cls.client_c, sender="Sender of Gamma")
        cls.item_other = cls._create_item(
            cls.client_other, sender="Sender of Omega", with_scan=True
        )
        cls.scan_other = cls.item_other.scan_ids

    @classmethod
    def _create_item(cls, client, with_scan=False, **vals):
        vals = {"partner_id": client.id, "sender": "Urząd Skarbowy", **vals}
        if with_scan:
            scan = cls.env["ir.attachment"].create(
                {
                    "name": "scan-%s.pdf" % client.id,
                    "raw": b"%PDF-1.4 scan of " + client.name.encode(),
                    "mimetype": "application/pdf",
                }
            )
            vals["scan_ids"] = [Command.set(scan.ids)]
        state = vals.pop("state", "received")
        item = cls.env["desktomy.mail"].create(vals)
        if state == "collected":
            cls._hand_over_items(item)
        return item

    @classmethod
    def _hand_over_items(cls, items):
        """Hand ``items`` over on paper (the only way an item is collected)."""
        handover = cls.env["desktomy.mail.handover"].create(
            {
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": False,
                "mail_ids": [Command.set(items.ids)],
            }
        )
        handover.action_confirm()
        return handover

    def _nonexistent_partner_id(self):
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) + 1000 FROM res_partner")
        return self.env.cr.fetchone()[0]

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _assert_same_refusal(self, refused, absent, msg=None, status=404):
        """Both answers are the same refusal (the CSRF token only differs by time)."""
        self.assertEqual(refused.status_code, status, msg)
        self.assertEqual(absent.status_code, status, msg)

        def normalise(response):
            text = re.sub(r'csrf_token: "[0-9a-fo]+"', "csrf_token", response.text)
            return strip_language_links(text)

        self.assertEqual(normalise(refused), normalise(absent), msg)

    def _count_queries(self, url):
        """Number of SQL queries the server runs to answer ``url``.

        The HTTP thread of an HttpCase works on the test's cursor, so its
        queries are counted by ``cr.sql_log_count`` (and ``assertQueryCount``).
        """
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return self.cr.sql_log_count - before

    def _switcher_ids(self, response):
        """Client ids offered by the profile switcher of a page."""
        tags = re.findall(r"<a [^>]*o_desktomy_switch_client[^>]*>", response.text)
        return [int(re.search(r'data-client_id="(\d+)"', tag)[1]) for tag in tags]

    def _counters(self, counters):
        response = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": counters}}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def _set_session_client(self, session, client_id):
        session[SESSION_CLIENT_KEY] = client_id
        http.root.session_store.save(session)
