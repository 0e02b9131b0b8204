# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


class BillingCommon(TransactionCase):
    """Shared fixture: catalogue services, two packages, clients and users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.desktomy_billing_lock_date = False
        cls.Usage = cls.env["desktomy.service.usage"]
        cls.scan = cls.env.ref("desktomy_virtual_office.product_service_scan")
        cls.notification = cls.env.ref(
            "desktomy_virtual_office.product_service_notification"
        )
        cls.handover = cls.env.ref("desktomy_virtual_office.product_service_handover")
        cls.forwarding = cls.env.ref(
            "desktomy_virtual_office.product_service_forwarding"
        )
        cls.return_service = cls.env.ref(
            "desktomy_virtual_office.product_service_return"
        )
        cls.shredding = cls.env.ref("desktomy_virtual_office.product_service_shredding")
        cls.other = cls.env.ref("desktomy_virtual_office.product_service_other")
        # Fixed catalogue prices, whatever the database says.
        (cls.scan | cls.forwarding | cls.notification).write({"list_price": 2.0})
        cls.forwarding.list_price = 12.0
        cls.notification.list_price = 0.5
        cls.package_20 = cls.env["desktomy.package"].create(
            {
                "name": "Test 20",
                "monthly_fee": 99.0,
                "line_ids": [
                    Command.create(
                        {
                            "service_id": cls.scan.id,
                            "included_qty": 20,
                            "override_price": True,
                            "price_unit": 1.5,
                        }
                    ),
                    Command.create(
                        {"service_id": cls.forwarding.id, "included_qty": 5}
                    ),
                ],
            }
        )
        cls.package_100 = cls.env["desktomy.package"].create(
            {
                "name": "Test 100",
                "monthly_fee": 199.0,
                "line_ids": [
                    Command.create({"service_id": cls.scan.id, "included_qty": 100}),
                ],
            }
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Acme Sp. z o.o.", "is_company": True, "desktomy_is_client": True}
        )
        cls.client_2 = cls.env["res.partner"].create(
            {"name": "Beta S.A.", "is_company": True, "desktomy_is_client": True}
        )
        cls.receptionist = new_test_user(
            cls.env,
            login="bi_receptionist",
            groups="desktomy_virtual_office.group_desktomy_user",
        )
        cls.administrator = new_test_user(
            cls.env,
            login="bi_administrator",
            groups="desktomy_virtual_office.group_desktomy_manager",
        )

    @classmethod
    def _assign(cls, partner, package, date_from):
        return cls.env["desktomy.package.assignment"].create(
            {"partner_id": partner.id, "package_id": package.id, "date_from": date_from}
        )

    @classmethod
    def _usage(cls, partner, service, day, quantity=1.0, price=None, count=1):
        """Create ``count`` manual usage lines (bypassing item events)."""
        return cls.env["desktomy.service.usage"].create(
            [
                {
                    "partner_id": partner.id,
                    "service_id": service.id,
                    "date": day,
                    "quantity": quantity,
                    "unit_price": service.lst_price if price is None else price,
                }
                for _index in range(count)
            ]
        )

    def _scan_file(self, content=b"%PDF-1.4 scan"):
        return self.env["ir.attachment"].create(
            {
                "name": "scan.pdf",
                "datas": base64.b64encode(content) if content else False,
            }
        )

    def _summary(self, partners, date_from, date_to):
        return self.Usage._get_billing_summary(partners, date_from, date_to)

    @staticmethod
    def _line(summary, service):
        return next(line for line in summary["lines"] if line["service"] == service)


MARCH = (date(2025, 3, 1), date(2025, 3, 31))
