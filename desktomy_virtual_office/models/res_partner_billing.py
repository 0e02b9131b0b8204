# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    desktomy_package_assignment_ids = fields.One2many(
        comodel_name="desktomy.package.assignment",
        inverse_name="partner_id",
        string="Package History",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_package_id = fields.Many2one(
        comodel_name="desktomy.package",
        string="Current Package",
        compute="_compute_desktomy_package_id",
        help="The package in force today, from the client's package history.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    @api.depends(
        "desktomy_package_assignment_ids.date_from",
        "desktomy_package_assignment_ids.package_id",
    )
    @api.depends_context("tz")
    def _compute_desktomy_package_id(self):
        packages = self.env["desktomy.package.assignment"]._get_packages_at(
            self, fields.Date.context_today(self)
        )
        for partner in self:
            partner.desktomy_package_id = packages.get(
                partner.id, self.env["desktomy.package"]
            )

    def action_desktomy_view_usage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_service_usage_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    desktomy_billing_lock_date = fields.Date(
        string="Billing Closed Until",
        help="Service usage dated on or before this day belongs to a closed "
        "month: it cannot be created, changed or deleted any more.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_storage_free_days = fields.Integer(
        string="Free Storage (Days)",
        default=30,
        help="An item that waits for pickup longer than this is charged the "
        "'Storage beyond the free period' service, once.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    @api.constrains("desktomy_billing_lock_date")
    def _check_desktomy_billing_lock_date(self):
        today = fields.Date.context_today(self)
        for company in self:
            if (
                company.desktomy_billing_lock_date
                and company.desktomy_billing_lock_date >= today
            ):
                raise ValidationError(
                    self.env._(
                        "Only a month that has ended can be closed: the billing "
                        "lock date must be in the past."
                    )
                )
