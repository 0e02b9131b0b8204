# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Populate code lives beside the models, as in Odoo core: separate _inherit classes.
# pylint: disable=consider-merging-classes-inherited
import random

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Command

#: Months of history of a populated database (packages, items, usage).
HISTORY_MONTHS = 36

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


class DesktomyPackage(models.Model):
    _inherit = "desktomy.package"

    _populate_sizes = {"small": 3, "medium": 5, "large": 8}
    _populate_dependencies = []

    def _populate(self, size):
        """Packages from the catalogue services, some with their own prices."""
        kinds = {kind for _n, _f, lines in PACKAGES for kind in lines}
        services = self.env["product.product"]._desktomy_get_services(kinds)
        vals_list = []
        for name, fee, lines in PACKAGES[: self._populate_sizes[size]]:
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
        return self.create(vals_list)


class DesktomyPackageAssignment(models.Model):
    _inherit = "desktomy.package.assignment"

    _populate_sizes = {"small": 1, "medium": 1, "large": 1}
    _populate_dependencies = ["res.partner", "desktomy.package"]

    def _populate(self, size):
        """Every client gets a package at the start; one in three changes later."""
        rng = random.Random("desktomy.package.assignment")
        populated = self.env.registry.populated_models
        clients = (
            self.env["res.partner"]
            .browse(populated.get("res.partner", []))
            .filtered("desktomy_is_client")
        )
        packages = self.env["desktomy.package"].browse(
            populated.get("desktomy.package", [])
        )
        if not packages:
            return self.browse()
        start = fields.Date.context_today(self).replace(day=1) - relativedelta(
            months=HISTORY_MONTHS
        )
        vals_list = []
        for client in clients:
            vals_list.append(
                {
                    "partner_id": client.id,
                    "package_id": rng.choice(packages).id,
                    "date_from": start,
                }
            )
            if rng.random() < 1 / 3:
                vals_list.append(
                    {
                        "partner_id": client.id,
                        "package_id": rng.choice(packages).id,
                        "date_from": start
                        + relativedelta(days=rng.randrange(30, HISTORY_MONTHS * 30)),
                        "note": "Package change (populate)",
                    }
                )
        return self.create(vals_list)
