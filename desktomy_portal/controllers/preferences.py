# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Preferences: how the representative hears of new mail, per company.

Portal users have no access to the preference models: the routes check that
the user represents the company (the same 404 as a missing one otherwise) and
then read and write as superuser, for that company and that user only.
"""

from odoo import http
from odoo.http import request

from odoo.addons.desktomy_virtual_office.models.desktomy_notification_preference import (  # noqa: E501
    DEFAULT_MODE,
    NOTIFICATION_MODES,
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
        }

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
