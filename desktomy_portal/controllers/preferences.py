# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Mail Preferences: how the representative hears of new mail, and the
standing instructions of the companies they represent.

Portal users have no access to the preference models: the routes check that
the user represents the company (the same 404 as a missing one otherwise) and
then read and write as superuser, for that company and that user only.
"""

from odoo import http
from odoo.http import request

from odoo.addons.desktomy_virtual_office.models.desktomy_mail_request import (
    FORWARD_CARRIERS,
)
from odoo.addons.desktomy_virtual_office.models.desktomy_notification_preference import (  # noqa: E501
    DEFAULT_MODE,
    NOTIFICATION_MODES,
)
from odoo.addons.desktomy_virtual_office.models.desktomy_standing_instruction import (  # noqa: E501
    INSTRUCTION_ACTIONS,
)

from .hardening import POST_HARD_MAX_BYTES, desktomy_params, desktomy_post_limits
from .portal import DesktomyCustomerPortal


class DesktomyPreferencesPortal(DesktomyCustomerPortal):
    def _desktomy_preference_client(self, client_id):
        """The represented client ``client_id`` (sudo'ed), else 404."""
        client = self._desktomy_clients().filtered(lambda c: c.id == client_id)
        if not client:
            raise request.not_found()
        return client

    def _desktomy_preference_values(self):
        env = request.env
        clients = self._desktomy_clients()
        if not clients:
            raise request.not_found()
        person = env.user.partner_id
        preferences = (
            env["desktomy.notification.preference"]
            .sudo()
            .search([("person_id", "=", person.id), ("client_id", "in", clients.ids)])
        )
        modes = {preference.client_id.id: preference.mode for preference in preferences}
        Instruction = env["desktomy.standing.instruction"].sudo()
        instructions = Instruction.search(
            [("partner_id", "in", clients.ids), ("company_id", "=", env.company.id)]
        )
        addresses = self._desktomy_delivery_addresses(clients)
        return {
            "page_name": "desktomy_preferences",
            "desktomy_pref_clients": clients,
            "desktomy_pref_modes": {
                client.id: modes.get(client.id, DEFAULT_MODE) for client in clients
            },
            "desktomy_mode_labels": dict(
                env["desktomy.notification.preference"]
                ._fields["mode"]
                ._description_selection(env)
            ),
            "desktomy_instructions": instructions.grouped("partner_id"),
            "desktomy_addresses": addresses.grouped("parent_id"),
            "desktomy_item_kind_labels": dict(
                Instruction._fields["item_kind"]._description_selection(env)
            ),
            "desktomy_action_labels": dict(
                Instruction._fields["action"]._description_selection(env)
            ),
            "desktomy_carriers": FORWARD_CARRIERS,
        }

    def _desktomy_delivery_addresses(self, clients):
        """The delivery addresses of ``clients`` (sudo'ed, for display and
        for the check of a posted address)."""
        return (
            request.env["res.partner"]
            .sudo()
            .search(
                [("parent_id", "in", clients.ids), ("type", "=", "delivery")],
                order="name, id",
            )
        )

    @http.route(
        ["/my/preferences"], type="http", auth="user", website=True, methods=["GET"]
    )
    @desktomy_params()
    def portal_my_desktomy_preferences(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(self._desktomy_preference_values())
        return self._desktomy_render(
            "desktomy_portal.portal_my_desktomy_preferences", values
        )

    @http.route(
        ["/my/preferences/notification"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=POST_HARD_MAX_BYTES,
    )
    @desktomy_post_limits("preferences")
    @desktomy_params(client_id="id", mode="key")
    def portal_my_desktomy_notification_mode(self, client_id=None, mode=None, **kw):
        if client_id is None or mode not in dict(NOTIFICATION_MODES):
            raise request.not_found()
        client = self._desktomy_preference_client(client_id)
        request.env["desktomy.notification.preference"].sudo()._desktomy_set_mode(
            request.env.user.partner_id, client, mode
        )
        return request.redirect(f"/my/preferences#desktomy_client_{client.id}")

    @http.route(
        ["/my/preferences/instruction"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=POST_HARD_MAX_BYTES,
    )
    @desktomy_post_limits("preferences")
    @desktomy_params(
        client_id="id",
        item_kind="key",
        action="key",
        forward_address_id="ref",
        forward_carrier="text",
    )
    def portal_my_desktomy_instruction_set(
        self,
        client_id=None,
        item_kind=None,
        action=None,
        forward_address_id=None,
        forward_carrier=None,
        **kw,
    ):
        """Set the standing instruction of a represented company for a kind
        of items (it replaces the one for that kind)."""
        Instruction = request.env["desktomy.standing.instruction"].sudo()
        if client_id is None or action not in dict(INSTRUCTION_ACTIONS):
            raise request.not_found()
        if item_kind not in dict(Instruction._fields["item_kind"].selection):
            raise request.not_found()
        client = self._desktomy_preference_client(client_id)
        values = {"set_by_id": request.env.user.partner_id.id}
        if action == "forward":
            address = self._desktomy_delivery_addresses(client).filtered(
                lambda a: a.id == forward_address_id
            )
            if not address or (
                forward_carrier and forward_carrier not in FORWARD_CARRIERS
            ):
                raise request.not_found()
            values.update(
                forward_address_id=address.id, forward_carrier=forward_carrier or False
            )
        Instruction._desktomy_set(
            client, request.env.company, item_kind, action, values
        )
        return request.redirect(f"/my/preferences#desktomy_client_{client.id}")

    @http.route(
        ["/my/preferences/instruction/remove"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=POST_HARD_MAX_BYTES,
    )
    @desktomy_post_limits("preferences")
    @desktomy_params(client_id="id", instruction_id="id")
    def portal_my_desktomy_instruction_remove(
        self, client_id=None, instruction_id=None, **kw
    ):
        """Remove (archive) a standing instruction of a represented company."""
        if client_id is None or instruction_id is None:
            raise request.not_found()
        client = self._desktomy_preference_client(client_id)
        instruction = (
            request.env["desktomy.standing.instruction"]
            .sudo()
            .search(
                [
                    ("id", "=", instruction_id),
                    ("partner_id", "=", client.id),
                    ("company_id", "=", request.env.company.id),
                ],
                limit=1,
            )
        )
        if not instruction:
            raise request.not_found()
        instruction.active = False
        return request.redirect(f"/my/preferences#desktomy_client_{client.id}")
