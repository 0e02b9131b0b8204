# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

from .common import Populator

#: (service kind, condition on the item ``m``, date of the event)
ITEM_EVENTS = [
    ("scan", "EXISTS (SELECT 1 FROM desktomy_mail_scan_rel r WHERE r.mail_id = m.id)",
     "m.received_datetime"),
    ("notification", "m.notified_datetime IS NOT NULL", "m.notified_datetime"),
    ("handover", "m.state = 'collected'", "m.collected_datetime"),
    ("forwarding", "m.state = 'forwarded'", "m.write_date"),
    ("return", "m.state = 'returned'", "m.write_date"),
    ("shredding", "m.state = 'shredded'", "m.write_date"),
    ("storage",
     "m.state IN ('received', 'notified') "
     "AND m.received_datetime < now() at time zone 'UTC' - interval '30 days'",
     "m.received_datetime + interval '30 days'"),
]  # fmt: skip


class DesktomyServiceUsagePopulator(Populator):
    model_name = "desktomy.service.usage"
    #: Usage lines follow from the items (about two per item).
    sizes = {"small": 1, "medium": 1, "large": 1}
    dependencies = ("desktomy.mail", "desktomy.package.assignment")

    def populate(self, size):
        """Charge every service the populated items went through, once, in SQL.

        Same lines as the automatic recording would have written when it
        happened: one automatic line per item and service, on the day of the
        event, at the catalogue price.
        """
        item_ids = self.env.registry.populated_models.get("desktomy.mail", [])
        services = self.env["product.product"]._desktomy_get_services(
            [kind for kind, _cond, _date in ITEM_EVENTS]
        )
        if not item_ids:
            return self.model.browse()
        ids = []
        for kind, condition, event_date in ITEM_EVENTS:
            service = services.get(kind)
            if not service:
                continue
            price = service.lst_price
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO desktomy_service_usage (
                        partner_id, service_id, service_kind, date, name,
                        quantity, unit_price, amount, mail_id, origin, company_id,
                        period_index, create_uid, write_uid, create_date, write_date
                    )
                    SELECT m.partner_id, %(service)s, %(kind)s, (%(day)s)::date,
                           m.name, 1.0, %(price)s, %(amount)s, m.id, 'auto',
                           m.company_id, 0, m.create_uid, m.create_uid, %(day)s,
                           %(day)s
                      FROM desktomy_mail m
                     WHERE m.id = ANY(%(items)s) AND %(condition)s
                    RETURNING id
                    """,
                    service=service.id,
                    kind=kind,
                    day=SQL(event_date),
                    price=price,
                    amount=round(price, 2),
                    items=item_ids,
                    condition=SQL(condition),
                )
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
        self.env.invalidate_all()
        return self.model.browse(ids)
