# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Standing instructions: what to do with a client's new items of a kind.

A client (optionally; set in the client panel or by the desk) tells the office
once, per kind of item (or for all kinds), to *always scan*, *always forward
to this address* (one of the client's delivery addresses) or *hold* its new
items. When items are registered (intake), every new waiting item matching an
active instruction of its client and office gets a request created
automatically (``desktomy.mail.request``, origin "Standing instruction"),
which the desk fulfils like any other request:

- Always scan -> a scan request (not for an item registered with its scan);
- Always forward -> a forwarding request to the instruction's address and
  carrier;
- Hold -> a "Hold for pickup" request dated the day of intake: the item waits
  at the desk until it is collected (the request closes with the handover).

An instruction for one kind wins over the client's instruction for all kinds.
"""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

INSTRUCTION_ACTIONS = [
    ("scan", "Always scan"),
    ("forward", "Always forward to this address"),
    ("hold", "Hold"),
]
#: The kind of request each action creates.
ACTION_REQUEST_KINDS = {"scan": "scan", "forward": "forward", "hold": "pickup"}
#: The item kinds an instruction may be for ("all" = every kind).
ALL_KINDS = "all"


class DesktomyStandingInstruction(models.Model):
    _name = "desktomy.standing.instruction"
    _description = "Standing Instruction"
    _order = "partner_id, item_kind, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain=[("desktomy_is_client", "=", True)],
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The office whose new items the instruction applies to.",
    )
    item_kind = fields.Selection(
        selection=[
            (ALL_KINDS, "All kinds"),
            ("letter", "Letter"),
            ("registered", "Registered letter"),
            ("parcel", "Parcel"),
            ("other", "Other"),
            ("postal_notice", "Postal notice"),
        ],
        string="For Items",
        required=True,
        default=ALL_KINDS,
        help="An instruction for one kind wins over the instruction for all kinds.",
    )
    action = fields.Selection(
        selection=INSTRUCTION_ACTIONS,
        string="Instruction",
        required=True,
        default="scan",
    )
    forward_address_id = fields.Many2one(
        comodel_name="res.partner",
        string="Forward To",
        ondelete="restrict",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'delivery')]",
        help="One of the client's delivery addresses.",
    )
    forward_carrier = fields.Char(string="Carrier")
    set_by_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        ondelete="set null",
        help="The client's representative who set it in the client panel (empty "
        "when set by the office).",
    )
    active = fields.Boolean(default=True)

    @api.depends("action", "item_kind")
    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        kinds = dict(self._fields["item_kind"]._description_selection(self.env))
        for instruction in self:
            instruction.display_name = "%s: %s" % (
                kinds.get(instruction.item_kind, ""),
                actions.get(instruction.action, ""),
            )

    @api.constrains("partner_id", "action", "forward_address_id", "active")
    def _check_instruction(self):
        for instruction in self.sudo():
            client = instruction.partner_id
            if not client.desktomy_is_client:
                raise ValidationError(
                    self.env._(
                        "%(client)s is not a client of the virtual office.",
                        client=client.display_name,
                    )
                )
            address = instruction.forward_address_id
            if instruction.action == "forward" and not address:
                raise ValidationError(
                    self.env._("Always forward needs the address to forward to.")
                )
            if address and (address.parent_id != client or address.type != "delivery"):
                raise ValidationError(
                    self.env._(
                        "Items are forwarded only to one of the client's own "
                        "delivery addresses."
                    )
                )
            if instruction.active:
                duplicate = self.sudo().search_count(
                    [
                        ("id", "!=", instruction.id),
                        ("partner_id", "=", client.id),
                        ("company_id", "=", instruction.company_id.id),
                        ("item_kind", "=", instruction.item_kind),
                    ],
                    limit=1,
                )
                if duplicate:
                    raise ValidationError(
                        self.env._(
                            "%(client)s already has a standing instruction for "
                            "these items; change or archive it first.",
                            client=client.display_name,
                        )
                    )

    def _desktomy_forward_address_text(self):
        """The forwarding address as the request records it (text): the
        contact's name and postal address, or nothing when it has none."""
        self.ensure_one()
        address = self.sudo().forward_address_id
        return address._desktomy_forward_address_text() if address else ""

    @api.model
    def _desktomy_set(self, partner, company, item_kind, action, values=None):
        """Set the instruction of ``partner`` for ``item_kind`` in ``company``:
        the active one for that kind is archived and replaced. The caller has
        checked that the user may act for ``partner``.
        """
        if item_kind not in dict(self._fields["item_kind"].selection):
            raise ValidationError(self.env._("Unknown kind of item."))
        if action not in dict(INSTRUCTION_ACTIONS):
            raise ValidationError(self.env._("Unknown standing instruction."))
        current = self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("item_kind", "=", item_kind),
            ]
        )
        current.active = False
        return self.create(
            dict(
                values or {},
                partner_id=partner.id,
                company_id=company.id,
                item_kind=item_kind,
                action=action,
            )
        )

    @api.model
    def _desktomy_apply(self, items):
        """Create the requests of the standing instructions for new ``items``.

        One search finds the instructions of all the items' clients; one
        request is created per instruction with all its items of the batch.
        An instruction that cannot be applied (e.g. its address was removed)
        is noted in the items' chatter; the intake goes on.

        :return: the requests created
        """
        Request = self.env["desktomy.mail.request"]
        items = items.filtered(lambda item: item.state in ("received", "notified"))
        if not items:
            return Request
        instructions = self.sudo().search(
            [
                ("partner_id", "in", items.partner_id.ids),
                ("company_id", "in", items.company_id.ids),
            ]
        )
        if not instructions:
            return Request
        by_key = {
            (i.partner_id.id, i.company_id.id, i.item_kind): i for i in instructions
        }
        groups = {}
        for item in items:
            key = (item.partner_id.id, item.company_id.id)
            instruction = by_key.get(key + (item.kind,)) or by_key.get(
                key + (ALL_KINDS,)
            )
            if not instruction:
                continue
            if instruction.action == "scan" and item.sudo().scan_ids.filtered(
                "file_size"
            ):
                continue  # registered with its scan: nothing to do
            groups.setdefault(instruction, self.env["desktomy.mail"])
            groups[instruction] |= item
        requests = Request
        today = fields.Date.context_today(self)
        for instruction, group in groups.items():
            values = {"instruction_id": instruction.id}
            if instruction.action == "forward":
                values["forward_address"] = instruction._desktomy_forward_address_text()
                if instruction.forward_carrier:
                    values["forward_carrier"] = instruction.forward_carrier
            elif instruction.action == "hold":
                values["pickup_date"] = today
            try:
                requests |= Request._desktomy_submit(
                    instruction.partner_id,
                    ACTION_REQUEST_KINDS[instruction.action],
                    group,
                    values,
                    person=None,
                    origin="instruction",
                )
            except UserError as error:
                _logger.info(
                    "Standing instruction %s not applied to %s: %s",
                    instruction.id,
                    group.ids,
                    error,
                )
                group.sudo()._message_log_batch(
                    bodies=dict.fromkeys(
                        group.ids,
                        Markup("<p>%s</p>")
                        % self.env._(
                            "The standing instruction %(instruction)s was not "
                            "applied: %(error)s",
                            instruction=instruction.display_name,
                            error=str(error),
                        ),
                    )
                )
        return requests
