# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""POST limits, CSRF, security headers and escaping of the client panel."""

import re

from odoo.tests import tagged

from odoo.addons.desktomy_portal.controllers import hardening

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalLimits(DesktomyPortalCase):
    def setUp(self):
        super().setUp()
        hardening.reset_limiters(self.env)
        self.addCleanup(hardening.reset_limiters, self.env)

    def _csrf(self, url="/my/account"):
        page = self._get(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]

    def _details(self, token, name):
        """A complete contact details form, as Odoo's page posts it."""
        return {
            "csrf_token": token,
            "name": name,
            "email": "three@example.com",
            "phone": "+48 600 000 000",
            "street": "ul. Prosta 1",
            "city": "Warszawa",
            "zipcode": "00-001",
            "country_id": str(self.env.ref("base.pl").id),
        }

    def _post(self, url, data):
        return self.url_open(url, data=data, allow_redirects=False)

    def test_every_post_route_is_limited(self):
        """Every route of the client panel that accepts POST goes through the
        size and rate limits, and none turns Odoo's CSRF check off."""
        found = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            method = rule.endpoint.func
            function = getattr(method, "__func__", method)
            if not function.__module__.startswith("odoo.addons.desktomy_portal."):
                continue
            routing = rule.endpoint.routing
            self.assertNotEqual(routing.get("csrf"), False, rule.rule)
            methods = routing.get("methods")
            if methods and "POST" not in methods:
                continue
            found.add(rule.rule)
            original = function.original_endpoint
            self.assertTrue(
                getattr(original, "desktomy_post_limits", None),
                f"{rule.rule} accepts POST: wrap it with @desktomy_post_limits",
            )
            self.assertLessEqual(
                routing.get("max_content_length") or 0,
                hardening.POST_HARD_MAX_BYTES,
                f"{rule.rule} accepts POST: give it a max_content_length",
            )
            self.assertTrue(routing.get("max_content_length"), rule.rule)
        self.assertLessEqual(
            {"/my/account", "/my/security", "/my/deactivate_account"}, found
        )

    def test_rate_limit(self):
        """The 11th post of the contact form within a minute is refused with
        a clear message; other users are not affected."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        for _index in range(hardening.POST_RATE):
            response = self._post("/my/account", self._details(token, "Renamed"))
            self.assertIn(response.status_code, (200, 303), response.text[:300])
        refused = self._post("/my/account", self._details(token, "Again"))
        self.assertEqual(refused.status_code, 429)
        self.assertIn("too many times", refused.text)
        self.assertIn("o_desktomy_post_refused", refused.text)
        # GET requests are not counted.
        self.assertEqual(self._get("/my/account").status_code, 200)
        self.authenticate("dt_other", "dt_other")
        # (the same name: with Odoo Accounting, a company's contact may not
        # rename itself on the contact form)
        other = self._post(
            "/my/account", self._details(self._csrf(), self.other_contact.name)
        )
        self.assertIn(other.status_code, (200, 303))

    def test_size_limit(self):
        """A body above the limit is refused before the form is processed."""
        self.authenticate("dt_person", "dt_person")
        name = self.person.name
        response = self._post(
            "/my/account",
            {
                "csrf_token": self._csrf(),
                "name": "Big",
                "street": "x" * (hardening.POST_MAX_BYTES + 10),
            },
        )
        self.assertEqual(response.status_code, 413)
        self.assertIn("too large", response.text)
        # Far beyond: Odoo does not even read it (the route's max_content_length).
        with self.assertNoLogs("odoo.http", "ERROR"):
            huge = self._post(
                "/my/account",
                {
                    "csrf_token": self._csrf(),
                    "street": "x" * (hardening.POST_HARD_MAX_BYTES + 10),
                },
            )
        self.assertEqual(huge.status_code, 413)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.name, name)

    def test_csrf_kept(self):
        """Odoo's CSRF check still guards the client's POSTs."""
        self.authenticate("dt_person", "dt_person")
        for url in ("/my/account", "/my/security", "/my/deactivate_account"):
            response = self._post(url, {"name": "No token", "old": "x"})
            self.assertEqual(response.status_code, 400, url)
        self.person.invalidate_recordset()
        self.assertNotEqual(self.person.name, "No token")

    def test_security_post_missing_fields(self):
        """A password form without its fields is a 404, not a crash."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf("/my/security")
        with self.assertNoLogs("odoo.http", "ERROR"):
            response = self._post("/my/security", {"csrf_token": token})
            deactivate = self._post("/my/deactivate_account", {"csrf_token": token})
        self.assertEqual(response.status_code, 404)
        self.assertLess(deactivate.status_code, 500)

    def test_account_post_hostile_choices(self):
        """Odoo's contact form reads its country and state as numbers: anything
        else is a 404 before it runs; an empty state is the form's own choice."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        with self.assertNoLogs("odoo.http", "ERROR"):
            for field, value in (
                ("country_id", "abc"),
                ("country_id", "١٢٣"),
                ("state_id", "9" * 5000),
                ("state_id", "<b>1</b>"),
            ):
                data = {**self._details(token, "Hostile"), field: value}
                response = self._post("/my/account", data)
                self.assertEqual(response.status_code, 404, (field, value))
            data = {**self._details(token, "Kept Name"), "state_id": ""}
            response = self._post("/my/account", data)
        self.assertIn(response.status_code, (200, 303))
        self.person.invalidate_recordset()
        self.assertEqual(self.person.name, "Kept Name")

    def test_security_headers(self):
        """Pages with the client's data cannot be framed by other sites and are
        not content-sniffed; downloads keep Odoo's headers."""
        self.env.company.desktomy_portal_billing_summary = True
        self.authenticate("dt_person", "dt_person")
        item = self._create_item(self.client_a, with_scan=True)
        for url in (
            "/my/mail",
            f"/my/mail/{item.id}",
            "/my/billing",
            "/my/account",
        ):
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.headers.get("X-Frame-Options"), "SAMEORIGIN")
            self.assertIn(
                "frame-ancestors 'self'",
                response.headers.get("Content-Security-Policy", ""),
            )
            self.assertEqual(response.headers.get("X-Content-Type-Options"), "nosniff")
        download = self._get(f"/my/mail/{item.id}/attachment/{item.scan_ids.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.headers.get("X-Content-Type-Options"), "nosniff")
        self.assertIn("attachment", download.headers["Content-Disposition"])

    def test_client_and_sender_data_escaped(self):
        """What clients and senders write is shown as text, never as markup."""
        evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
        self.client_a.name = "Alfa " + evil
        item = self._create_item(
            self.client_a, sender="Sender " + evil, tracking_number=evil
        )
        self.authenticate("dt_person", "dt_person")
        for url in (
            f"/my/mail?client_id={self.client_a.id}",
            f"/my/mail/{item.id}",
            f"/my/mail?search={evil}",
        ):
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("<script>alert(2)", response.text, url)
            self.assertNotIn('<img src=x onerror="alert(1)">', response.text, url)
            self.assertIn("&lt;script&gt;alert(2)", response.text, url)
