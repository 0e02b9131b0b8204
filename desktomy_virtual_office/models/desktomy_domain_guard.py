# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What users outside the office (portal users) reach through the ORM.

Staff-only fields carry ``groups="desktomy_virtual_office.group_desktomy_user"``
(see the README, "What a portal user can read"). Odoo refuses reading,
writing, sorting and grouping on them, and searching on stored ones; this
module closes what Odoo leaves open:

- searching on a staff-only one2many or many2many (``[("desktomy_usage_ids",
  "!=", False)]`` is answered from the relation, without checking the field):
  any domain on a field the user may not read is refused, on every model
  portal users can read that has staff-only fields of ours (the mixin
  ``desktomy.domain.guard`` below, inherited by ``desktomy.mail``,
  ``res.partner``, ``res.users`` and ``res.company``);
- the desk users who created and last changed an item (``create_uid``,
  ``write_uid`` are staff-only fields of ``desktomy.mail``);
- the chatter of the office's documents: Odoo hides internal notes from portal
  users, but not internal logs (``message_type`` ``notification``: status
  changes, "Notification e-mail sent to ...", handovers); portal users read
  no message of these documents at all (the client panel shows none; see
  mail_message.py).
"""

from odoo import api, models


def _check_domain_access(model, domain):
    """Refuse a domain that names a field the user may not read.

    Only the first field of each condition is checked here; a path goes on
    in the comodel, whose own search checks the rest.
    """
    if model.env.su or not domain:
        return
    for leaf in domain:
        if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
            continue
        if not isinstance(leaf[0], str):
            continue
        field = model._fields.get(leaf[0].split(".", 1)[0])
        if field is not None and not field.is_accessible(model.env):
            # raises Odoo's own AccessError, and logs the attempt
            model.check_field_access_rights("read", [field.name])


class DesktomyDomainGuard(models.AbstractModel):
    """Refuses a search whose domain names a field the user may not read
    (see ``_check_domain_access``); inherited by the models portal users
    read that have staff-only fields of ours."""

    _name = "desktomy.domain.guard"
    _description = "Search Guard on Staff-only Fields"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        _check_domain_access(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)
