# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import HISTORY_MONTHS, Populator


class DesktomyPackageAssignmentPopulator(Populator):
    model_name = "desktomy.package.assignment"
    #: Assignments follow from the clients (one or two each).
    sizes = {"small": 1, "medium": 1, "large": 1}
    dependencies = ("res.partner", "desktomy.package")

    def populate(self, size):
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
            return self.model.browse()
        start = fields.Date.context_today(self.model).replace(day=1) - relativedelta(
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
        return self.model.create(vals_list)
