# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command

from .common import Populator

#: Password of the users created by the populate command (test databases only).
POPULATE_PASSWORD = "desktomy-populate"


class ResUsersPopulator(Populator):
    model_name = "res.users"
    sizes = {"small": 3, "medium": 6, "large": 6}
    dependencies = ("res.partner",)

    def populate(self, size):
        """A receptionist and portal users for persons who represent 3+ clients.

        Logins: ``desk@populate.example.com`` and the person's e-mail address;
        password :data:`POPULATE_PASSWORD`.
        """
        Partner = self.env["res.partner"]
        partner_ids = self.env.registry.populated_models.get("res.partner", [])
        persons = (
            Partner.browse(partner_ids)
            .filtered(lambda p: not p.is_company)
            .filtered(lambda p: len(p.desktomy_represented_client_ids) >= 3)
        )
        desk_group = self.env.ref("desktomy_virtual_office.group_desktomy_user")
        users = self.model.browse()
        if not self.model.search([("login", "=", "desk@populate.example.com")]):
            users |= self.model.create(
                {
                    "name": "Populate Receptionist",
                    "login": "desk@populate.example.com",
                    "email": "desk@populate.example.com",
                    "password": POPULATE_PASSWORD,
                    "groups_id": [
                        Command.set([self.env.ref("base.group_user").id, desk_group.id])
                    ],
                }
            )
        portal = self.env.ref("base.group_portal")
        for person in persons[: self.sizes[size] - 1]:
            users |= self.model.create(
                {
                    "name": person.name,
                    "login": person.email,
                    "partner_id": person.id,
                    "password": POPULATE_PASSWORD,
                    "groups_id": [Command.set([portal.id])],
                }
            )
        return users
