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
    client_line_ids = fields.One2many(
        comodel_name="desktomy.mail.handover.wizard.client",
        inverse_name="wizard_id",
        string="Clients With Waiting Mail",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="desktomy_mail_handover_wizard_partner_rel",
        column1="wizard_id",
        column2="partner_id",
        string="Selected Clients",
        domain=[("desktomy_is_client", "=", True)],
    )
    item_line_ids = fields.One2many(
        comodel_name="desktomy.mail.handover.wizard.item",
        inverse_name="wizard_id",
        string="Items",
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
            if "item_line_ids" in fields_list:
                res["item_line_ids"] = self._item_line_commands(preselected)
        if "client_line_ids" in fields_list:
            counts = self.env["desktomy.mail"]._read_group(
                [("state", "in", WAITING_STATES)],
                groupby=["partner_id"],
                aggregates=["__count"],
            )
            res["client_line_ids"] = [
                Command.create(
                    {
                        "partner_id": partner.id,
                        "waiting_count": count,
                        "selected": partner.id in preselected,
                    }
                )
                for partner, count in sorted(counts, key=lambda r: r[0].name or "")
            ]
        return res

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

    @api.onchange("client_line_ids")
    def _onchange_client_line_ids(self):
        selected = self.client_line_ids.filtered("selected").partner_id._origin
        if selected != self.partner_ids._origin:
            self.partner_ids = selected

    @api.onchange("partner_ids")
    def _onchange_partner_ids(self):
        for line in self.client_line_ids:
            ticked = line.partner_id._origin in self.partner_ids._origin
            if line.selected != ticked:
                line.selected = ticked
        known = {line.mail_id._origin.id: line.selected for line in self.item_line_ids}
        self.item_line_ids = [Command.clear()] + self._item_line_commands(
            self.partner_ids._origin.ids, known
        )

    @api.model
    def _item_line_commands(self, partner_ids, known=None):
        """Return commands creating one ticked line per waiting item."""
        ctx = self.env.context
        default = True
        if known is None and ctx.get("active_model") == "desktomy.mail":
            # opened from a selection of items: tick only those
            known = dict.fromkeys(ctx.get("active_ids") or [], True)
            default = False
        items = self.env["desktomy.mail"].search(
            [("partner_id", "in", list(partner_ids)), ("state", "in", WAITING_STATES)],
            order="partner_id, received_datetime, id",
        )
        return [
            Command.create(
                {
                    "mail_id": item.id,
                    "selected": (known or {}).get(item.id, default),
                }
            )
            for item in items
        ]

    def _get_items(self):
        """Return the items to hand over: ticked lines, or every waiting item."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select at least one client."))
        if self.item_line_ids:
            items = self.item_line_ids.filtered("selected").mail_id.filtered(
                lambda item: item.partner_id in self.partner_ids
            )
        else:
            items = self.env["desktomy.mail"].search(
                [
                    ("partner_id", "in", self.partner_ids.ids),
                    ("state", "in", WAITING_STATES),
                ]
            )
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
        transaction ends: then we refuse at once instead of waiting.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM desktomy_mail WHERE id IN %s FOR UPDATE NOWAIT",
                    [tuple(items.ids)],
                )
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another desk is handing over some of these items right now. "
                    "Reload and try again."
                )
            ) from error
        items.invalidate_recordset(["state"])
        return items.filtered(lambda item: item.state not in WAITING_STATES)

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
        items._message_log_batch(
            {
                item.id: self.env._(
                    "Handed over to %(collector)s (%(handover)s).",
                    collector=collector_name,
                    handover=handover.name,
                )
                for item in items
            }
        )
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
            targets = [(handover._name, handover.id)] + [
                (items._name, item_id) for item_id in items.ids
            ]
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": file_name,
                            "raw": content,
                            "mimetype": mimetype,
                            "res_model": model,
                            "res_id": res_id,
                        }
                        for model, res_id in targets
                    ]
                )
            )
            handover_vals.update(
                receipt_attachment_id=attachments[0].id,
                receipt_sha256=hashlib.sha256(content).hexdigest(),
            )
        handover.sudo().write(handover_vals)
        items._desktomy_after_handover(handover)
        return handover


class DesktomyMailHandoverWizardClient(models.TransientModel):
    _name = "desktomy.mail.handover.wizard.client"
    _description = "Hand Over Mail: Client Line"
    _order = "partner_name, id"

    wizard_id = fields.Many2one(
        comodel_name="desktomy.mail.handover.wizard", required=True, ondelete="cascade"
    )
    selected = fields.Boolean(string="Hand Over")
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Client", required=True, readonly=True
    )
    partner_name = fields.Char(related="partner_id.name")
    client_number = fields.Char(related="partner_id.desktomy_client_number")
    waiting_count = fields.Integer(string="Waiting Items", readonly=True)


class DesktomyMailHandoverWizardItem(models.TransientModel):
    _name = "desktomy.mail.handover.wizard.item"
    _description = "Hand Over Mail: Item Line"

    wizard_id = fields.Many2one(
        comodel_name="desktomy.mail.handover.wizard", required=True, ondelete="cascade"
    )
    selected = fields.Boolean(string="Hand Over", default=True)
    mail_id = fields.Many2one(
        comodel_name="desktomy.mail", string="Item", required=True, readonly=True
    )
    partner_id = fields.Many2one(related="mail_id.partner_id")
    received_datetime = fields.Datetime(related="mail_id.received_datetime")
    sender = fields.Char(related="mail_id.sender")
    kind = fields.Selection(related="mail_id.kind")
