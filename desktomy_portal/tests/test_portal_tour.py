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
