# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_http import call_kw


@tagged("post_install", "-at_install")
class TestClosedMonthJsonRpc(HttpCase):
    """A closed month is refused through JSON-RPC, as the web client sends it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_billing_lock_date = date(2025, 3, 31)
        scan = cls.env.ref("desktomy_virtual_office.product_service_scan")
        cls.package = cls.env["desktomy.package"].create(
            {
                "name": "RPC Package",
                "monthly_fee": 99.0,
                "line_ids": [
                    Command.create({"service_id": scan.id, "included_qty": 5})
                ],
            }
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "RPC Client", "is_company": True, "desktomy_is_client": True}
        )
        # (history before the month was closed, as if it had been billed)
        cls.env.company.desktomy_billing_lock_date = False
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client.id,
                "package_id": cls.package.id,
                "date_from": date(2025, 1, 1),
            }
        )
        cls.env.company.desktomy_billing_lock_date = date(2025, 3, 31)
        new_test_user(
            cls.env,
            login="bi_rpc_manager",
            password="bi_rpc_manager",
            groups="desktomy_virtual_office.group_desktomy_manager",
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs)

    @mute_logger("odoo.http")
    def test_closed_month_refused_over_rpc(self):
        self.authenticate("bi_rpc_manager", "bi_rpc_manager")
        spec = {"specification": {"monthly_fee": {}, "terms_date_from": {}}}
        answer = self._call_kw(
            "desktomy.package",
            "web_save",
            [[self.package.id], {"monthly_fee": 1.0, "terms_date_from": "2025-02-01"}],
            spec,
        )
        self.assertIn(
            "February 2025 is a closed month", answer["error"]["data"]["message"]
        )
        answer = self._call_kw(
            "desktomy.package.assignment",
            "create",
            [
                {
                    "partner_id": self.client.id,
                    "package_id": self.package.id,
                    "date_from": "2025-03-10",
                }
            ],
        )
        self.assertIn(
            "March 2025 is a closed month", answer["error"]["data"]["message"]
        )
        # The default: from the first open month, April.
        answer = self._call_kw(
            "desktomy.package",
            "web_save",
            [[self.package.id], {"monthly_fee": 120.0}],
            spec,
        )
        self.assertEqual(
            answer["result"],
            [
                {
                    "id": self.package.id,
                    "monthly_fee": 120.0,
                    "terms_date_from": "2025-04-01",
                }
            ],
        )
        self.assertEqual(self.package.terms_ids.mapped("monthly_fee"), [120.0, 99.0])
