# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A handover's item list becomes its own relation (kept after reversals):
fill it from the items that point to their handover."""


def migrate(cr, version):
    cr.execute(
        """
        INSERT INTO desktomy_mail_handover_item_rel (handover_id, mail_id)
        SELECT handover_id, id FROM desktomy_mail WHERE handover_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
