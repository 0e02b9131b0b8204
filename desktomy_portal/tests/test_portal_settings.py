# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalSettings(DesktomyPortalCase):
    def test_setting_per_company_off_by_default(self):
        """The toggle is off by default, per company, set from General Settings."""
        company = self.env.company
        other_company = self.env["res.company"].create({"name": "Second Office"})
        self.assertFalse(company.desktomy_portal_billing_summary)
        with Form(self.env["res.config.settings"]) as settings:
            self.assertFalse(settings.desktomy_portal_billing_summary)
            settings.desktomy_portal_billing_summary = True
        self.assertTrue(company.desktomy_portal_billing_summary)
        self.assertFalse(other_company.desktomy_portal_billing_summary)
        arch = self.env.ref("base.res_config_settings_view_form").sudo()
        arch = self.env["res.config.settings"].get_view(arch.id)["arch"]
        self.assertIn('name="desktomy_portal_billing_summary"', arch)

    def test_toggle_off_no_page_no_tile(self):
        """Toggle off: /my/billing is a 404, there is no tile or menu entry."""
        self.authenticate("dt_person", "dt_person")
        home = self._get("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn("/my/billing", home.text)
        missing = self._nonexistent_partner_id()
        for url in ("/my/billing", "/my/billing/pdf"):
            self.assertEqual(self._get(url).status_code, 404)
            self._assert_same_refusal(
                self._get(f"{url}?client_id={self.client_a.id}"),
                self._get(f"{url}?client_id={missing}"),
                url,
            )
        # Nothing else changes: the mail pages still work.
        self.assertEqual(self._get("/my/mail").status_code, 200)
        self.assertIn('href="/my/mail"', home.text)
