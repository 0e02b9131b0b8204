# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command

from .common import Populator

#: (name, monthly fee, {kind: (included per month, own price or None)})
PACKAGES = [
    ("Start", 49.0, {"scan": (10, None), "notification": (20, None)}),
    ("Standard", 99.0, {"scan": (20, None), "notification": (40, None),
                        "forwarding": (5, None)}),
    ("Business", 199.0, {"scan": (60, 1.5), "notification": (100, None),
                         "forwarding": (10, 12.0), "handover": (30, None)}),
    ("Premium", 399.0, {"scan": (200, 1.0), "notification": (300, None),
                        "forwarding": (30, 10.0), "handover": (100, None),
                        "storage": (20, None)}),
    ("Scan only", 29.0, {"scan": (30, 2.0)}),
    ("Courier", 149.0, {"forwarding": (40, 9.0), "notification": (40, None)}),
    ("Startup", 59.0, {"scan": (15, None), "notification": (15, None),
                       "handover": (5, None)}),
    ("Corporate", 799.0, {"scan": (500, 0.8), "notification": (600, None),
                          "forwarding": (80, 8.0), "handover": (300, None),
                          "storage": (100, None), "shredding": (50, None)}),
]  # fmt: skip


class DesktomyPackagePopulator(Populator):
    model_name = "desktomy.package"
    sizes = {"small": 3, "medium": 5, "large": 8}

    def populate(self, size):
        """Packages from the catalogue services, some with their own prices."""
        kinds = {kind for _n, _f, lines in PACKAGES for kind in lines}
        services = self.env["product.product"]._desktomy_get_services(kinds)
        vals_list = []
        for name, fee, lines in PACKAGES[: self.sizes[size]]:
            vals_list.append(
                {
                    "name": f"{name} (populate)",
                    "monthly_fee": fee,
                    "line_ids": [
                        Command.create(
                            {
                                "service_id": services[kind].id,
                                "included_qty": included,
                                "override_price": price is not None,
                                "price_unit": price or services[kind].lst_price,
                            }
                        )
                        for kind, (included, price) in lines.items()
                        if kind in services
                    ],
                }
            )
        return self.model.create(vals_list)
