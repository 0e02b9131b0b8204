# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import logging

from psycopg2.errors import LockNotAvailable

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.desktomy_mail import WAITING_STATES

_logger = logging.getLogger(__name__)


class DesktomyMailHandoverWizard(models.TransientModel):
    _name = "desktomy.mail.handover.wizard"
    _description = "Hand Over Mail"

    person_search_id = fields.Many2one(
        comodel_name="res.partner",
        string="Find by Authorised Person",
        domain=[("desktomy_represented_client_ids", "!=", False)],
        help="Picking a person ticks every company this person may collect for.",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="desktomy_mail_handover_wizard_partner_rel",
        column1="wizard_id",
        column2="partner_id",
        string="Selected Clients",
        domain=[("desktomy_is_client", "=", True)],
        help="Add the clients whose mail is handed over: the list of clients "
        "with waiting mail opens, with a search and a box to tick per client.",
    )
    mail_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_handover_wizard_mail_rel",
        column1="wizard_id",
        column2="mail_id",
        string="Items",
        help="The waiting items of the selected clients; remove those that "
        "stay at the desk.",
    )
    collector_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Authorised Person",
        domain=[("desktomy_represented_client_ids", "!=", False)],
    )
    collector_name = fields.Char(string="Collector")
    collector_id_number = fields.Char(string="Identity Document Number")
    authorization_warning = fields.Char(compute="_compute_authorization_warning")
    digital_confirmation = fields.Boolean(default=True)
    signature = fields.Image(max_width=1024, max_height=1024)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        ctx = self.env.context
        preselected = set(
            res.get("partner_ids") and self._ids_from_commands(res["partner_ids"]) or []
        )
        if ctx.get("active_model") == "res.partner" and ctx.get("active_ids"):
            preselected |= set(ctx["active_ids"])
        if ctx.get("active_model") == "desktomy.mail" and ctx.get("active_ids"):
            items = self.env["desktomy.mail"].browse(ctx["active_ids"])
            preselected |= set(items.partner_id.ids)
        if preselected:
            res["partner_ids"] = [Command.set(sorted(preselected))]
            if "mail_ids" in fields_list:
                items = self._waiting_items(preselected)
                if ctx.get("active_model") == "desktomy.mail":
                    # opened from a selection of items: only those
                    chosen = set(ctx["active_ids"])
                    items = items.browse([i for i in items.ids if i in chosen])
                res["mail_ids"] = [Command.set(items.ids)]
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # scripts give the clients only: every waiting item of theirs
            if "mail_ids" not in vals and vals.get("partner_ids"):
                partner_ids = self._ids_from_commands(vals["partner_ids"])
                vals["mail_ids"] = [Command.set(self._waiting_items(partner_ids).ids)]
        return super().create(vals_list)

    @staticmethod
    def _ids_from_commands(commands):
        ids = []
        for command in commands:
            if command[0] == Command.SET:
                ids.extend(command[2])
            elif command[0] == Command.LINK:
                ids.append(command[1])
        return ids

    @api.depends("collector_partner_id", "partner_ids")
    def _compute_authorization_warning(self):
        for wizard in self:
            missing = wizard._unauthorized_partners()
            if missing:
                wizard.authorization_warning = self.env._(
                    "The collector is not an authorised person of: %(clients)s. "
                    "Check the identity document and write its number.",
                    clients=", ".join(missing.mapped("display_name")),
                )
            else:
                wizard.authorization_warning = False

    def _unauthorized_partners(self):
        """Return the ticked companies the collector may not collect for."""
        self.ensure_one()
        partners = self.partner_ids._origin
        person = self.collector_partner_id._origin
        if not person:
            return partners
        return partners - person.desktomy_represented_client_ids

    @api.onchange("person_search_id")
    def _onchange_person_search_id(self):
        person = self.person_search_id
        if person:
            self.partner_ids = (
                self.partner_ids._origin | person.desktomy_represented_client_ids
            )
            self.collector_partner_id = person

    @api.onchange("collector_partner_id")
    def _onchange_collector_partner_id(self):
        if self.collector_partner_id:
            self.collector_name = self.collector_partner_id.name

    @api.onchange("partner_ids")
    def _onchange_partner_ids(self):
        """List the waiting items of the clients; keep the choice on the others.

        Items of clients already listed stay as the user left them; the items
        of newly added clients are all listed.
        """
        partners = self.partner_ids._origin
        listed = self.mail_ids._origin
        listed_partner_ids = set(listed.partner_id.ids)
        partner_ids = set(partners.ids)
        waiting = self._waiting_items(partners.ids)
        self.mail_ids = listed.filtered(
            lambda item: item.partner_id.id in partner_ids
        ) | waiting.filtered(lambda item: item.partner_id.id not in listed_partner_ids)

    @api.model
    def _waiting_items(self, partner_ids):
        """The items of ``partner_ids`` waiting for pickup, by client and date."""
        return self.env["desktomy.mail"].search(
            [("partner_id", "in", list(partner_ids)), ("state", "in", WAITING_STATES)],
            order="partner_id, received_datetime, id",
        )

    def _get_items(self):
        """Return the items to hand over: the listed items of the selected clients."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select at least one client."))
        partner_ids = set(self.partner_ids.ids)
        items = self.mail_ids.filtered(lambda item: item.partner_id.id in partner_ids)
        if not items:
            raise UserError(
                self.env._("The selected clients have no mail waiting for pickup.")
            )
        return items

    def _check_collector(self):
        """Check the collector and the signature before anything changes.

        A collector typed by name who is not an authorised person of every
        ticked company must show an identity document. Scripts may call the
        wizard with the companies only: then no collector is recorded.
        """
        self.ensure_one()
        typed_name = (self.collector_name or "").strip()
        if (
            typed_name
            and self._unauthorized_partners()
            and not (self.collector_id_number or "").strip()
        ):
            raise UserError(
                self.env._(
                    "%(warning)s An identity document number is required.",
                    warning=self.authorization_warning,
                )
            )
        if self.digital_confirmation and not self.signature:
            raise UserError(
                self.env._(
                    "Digital confirmation needs the collector's signature: "
                    "ask the collector to sign on the tablet."
                )
            )

    def _lock_items(self, items):
        """Lock the rows of ``items`` and return those no longer waiting.

        Another desk handing over the same items holds the lock until its
        transaction ends: then we refuse at once instead of waiting. The lock
        is ``FOR NO KEY UPDATE`` (the handover changes no key): it excludes
        another handover but not the wizards that merely refer to the items.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id, state FROM desktomy_mail WHERE id IN %s "
                    "FOR NO KEY UPDATE NOWAIT",
                    [tuple(items.ids)],
                )
                states = dict(self.env.cr.fetchall())
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another desk is handing over some of these items right now. "
                    "Reload and try again."
                )
            ) from error
        items.invalidate_recordset(["state"])
        return items.browse(
            [i for i in items.ids if states.get(i) not in WAITING_STATES]
        )

    def action_handover(self):
        """Hand over the selected items in one go, all or nothing."""
        self.ensure_one()
        self._check_collector()
        items = self._get_items()
        gone = self._lock_items(items)
        if gone:
            raise UserError(
                self.env._(
                    "These items are no longer waiting for pickup (another desk "
                    "may have handed them over): %(items)s. Nothing was handed over.",
                    items=", ".join(gone.mapped("display_name")),
                )
            )
        with self.env.cr.savepoint():
            handover = self._do_handover(items)
        return {
            "type": "ir.actions.act_window",
            "res_model": "desktomy.mail.handover",
            "res_id": handover.id,
            "view_mode": "form",
            "target": "current",
        }

    def _do_handover(self, items):
        partners = items.partner_id
        collector_name = (
            (self.collector_name or "").strip() or self.collector_partner_id.name or ""
        )
        Handover = self.env["desktomy.mail.handover"]
        handover = Handover.create(
            {
                "collector_partner_id": self.collector_partner_id.id,
                "collector_name": collector_name,
                "collector_id_number": self.collector_id_number,
                "collector_authorized": bool(self.collector_partner_id)
                and not (
                    partners - self.collector_partner_id.desktomy_represented_client_ids
                ),
                "partner_ids": [Command.set(partners.ids)],
                "mail_count": len(items),
                "digital_confirmation": self.digital_confirmation,
                "signature": self.signature if self.digital_confirmation else False,
            }
        )
        items.with_context(tracking_disable=True).write(
            {
                "state": "collected",
                "collected_datetime": handover.handover_datetime,
                "collector_name": collector_name,
                "handover_id": handover.id,
            }
        )
        handover._desktomy_log_items(items)
        handover_vals = {"state": "done"}
        if self.digital_confirmation:
            try:
                content, file_name, mimetype = handover._desktomy_render_receipt()
            except Exception as error:
                _logger.exception("Receipt rendering failed for %s", handover.name)
                raise UserError(
                    self.env._(
                        "The receipt confirmation could not be generated, so nothing "
                        "was handed over. The signature is kept: try again. "
                        "(%(error)s)",
                        error=str(error),
                    )
                ) from error
            receipt = handover._desktomy_attach_receipt(
                items, content, file_name, mimetype
            )
            handover_vals.update(
                receipt_attachment_id=receipt.id,
                receipt_sha256=hashlib.sha256(content).hexdigest(),
            )
        handover.sudo().write(handover_vals)
        items._desktomy_after_handover(handover)
        handover._desktomy_send_client_copies()
        return handover
