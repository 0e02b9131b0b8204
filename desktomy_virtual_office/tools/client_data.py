# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A client's export (GDPR art. 15/20) and erasure (art. 17): plain functions
behind ``res.partner._desktomy_export_zip`` and ``res.partner._desktomy_erase``.

The caller has checked who asks (see ``res.partner._desktomy_check_gdpr``);
both work as superuser on exactly one client's records."""

import csv
import io
import json
import zipfile

from odoo import fields

#: What the export holds, kind by kind: ``(kind, model, client field, fields)``.
EXPORT_KINDS = (
    (
        "items",
        "desktomy.mail",
        "partner_id",
        (
            "name",
            "kind",
            "sender",
            "tracking_number",
            "state",
            "create_date",
            "notified_datetime",
            "collected_datetime",
            "collector_name",
            "disposition_datetime",
            "forward_address",
            "forward_carrier",
            "forward_tracking_number",
            "scan_ids",
        ),
    ),
    (
        "notifications",
        "desktomy.mail.notification",
        "partner_id",
        ("create_date", "email_to", "item_ids", "attachment_ids"),
    ),
    (
        "requests",
        "desktomy.mail.request",
        "partner_id",
        (
            "name",
            "kind",
            "state",
            "origin",
            "requested_datetime",
            "requested_by_id",
            "mail_ids",
            "forward_address",
            "forward_carrier",
            "note",
            "pickup_date",
            "refuse_reason",
            "done_datetime",
            "cancelled_datetime",
        ),
    ),
    (
        "usage",
        "desktomy.service.usage",
        "partner_id",
        (
            "date",
            "name",
            "service_id",
            "quantity",
            "unit_price",
            "amount",
            "currency_id",
            "mail_id",
            "invoice_id",
        ),
    ),
    (
        "reminders",
        "desktomy.mail.reminder",
        "partner_id",
        ("date", "rule_id", "step", "period_start", "email_to", "mail_ids"),
    ),
)
#: Fields of a handover in the export (of its items, only the client's).
HANDOVER_FIELDS = ("name", "state", "create_date", "collector_name", "receipt_sha256")
#: What stands for a removed person's name.
ERASED = "—"


def _value(record, name):
    field = record._fields[name]
    value = record[name]
    if field.type == "many2one":
        return value.display_name or None
    if field.type in ("many2many", "one2many"):
        return [rec.display_name for rec in value]
    if field.type in ("date", "datetime"):
        return fields.Datetime.to_string(value) if value else None
    if value is False and field.type not in ("boolean",):
        return None
    return value


def _rows(records, names):
    return [
        {"id": record.id, **{name: _value(record, name) for name in names}}
        for record in records
    ]


def _csv(rows):
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: "; ".join(map(str, value))
                    if isinstance(value, list)
                    else value
                    for key, value in row.items()
                }
            )
    return buffer.getvalue()


def _safe(name):
    return "".join(c if c.isalnum() or c in "-_. " else "_" for c in name or "file")


def client_records(client):
    """``{kind: records}`` of ``client`` (sudo), archived ones included."""
    env = client.env
    found = {}
    for kind, model, field, _names in EXPORT_KINDS:
        Model = env[model].sudo().with_context(active_test=False)
        found[kind] = Model.search([(field, "=", client.id)], order="id")
    found["handovers"] = found["items"].handover_id.sorted("id")
    return found


def export_zip(client):
    """The ZIP of everything ``client`` (sudo) has at the office."""
    records = client_records(client)
    data = {
        "client": {
            "id": client.id,
            "name": client.name,
            "client_number": client.desktomy_client_number or None,
            "vat": client.vat or None,
            "email": client.email or None,
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
        }
    }
    names_of = {kind: names for kind, _model, _field, names in EXPORT_KINDS}
    for kind, names in names_of.items():
        data[kind] = _rows(records[kind], names)
    handovers = []
    items = records["items"]
    for handover in records["handovers"]:
        row = _rows(handover, HANDOVER_FIELDS)[0]
        row["items"] = (handover.mail_ids & items).mapped("name")
        handovers.append(row)
    data["handovers"] = handovers
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
        )
        for kind in (*names_of, "handovers"):
            archive.writestr(f"{kind}.csv", _csv(data[kind]))
        for item in items:
            for scan in item.scan_ids:
                archive.writestr(
                    f"scans/{_safe(item.name)}/{scan.id}-{_safe(scan.name)}", scan.raw
                )
        for handover in records["handovers"]:
            if handover.partner_ids - client:
                # shared with other clients: the client's copy, never theirs
                content, _name, _mime = handover._desktomy_render_client_copy(client)
            elif handover.receipt_attachment_id:
                content = handover.receipt_attachment_id.raw
            else:
                continue
            archive.writestr(f"receipts/{_safe(handover.name)}.pdf", content)
    return buffer.getvalue()


def erasure_plan(client):
    """What an erasure of ``client`` (sudo) removes: ``{what: records}``."""
    env = client.env
    records = client_records(client)
    items, notifications = records["items"], records["notifications"]
    messages = (
        env["mail.message"]
        .sudo()
        .search(
            [
                "|",
                "&",
                ("model", "=", "desktomy.mail"),
                ("res_id", "in", items.ids),
                "|",
                "&",
                ("model", "=", "desktomy.mail.notification"),
                ("res_id", "in", notifications.ids),
                "|",
                "&",
                ("model", "=", "desktomy.mail.request"),
                ("res_id", "in", records["requests"].ids),
                # the reminders' e-mails list the items and their senders
                "&",
                ("model", "=", "desktomy.mail.reminder"),
                ("res_id", "in", records["reminders"].ids),
            ]
        )
    )
    receipts = (items.scan_ids | messages.attachment_ids)._desktomy_receipts()
    scans = (items.scan_ids | messages.attachment_ids) - receipts
    # a handover shared with other clients is their evidence too: kept whole
    handovers = records["handovers"].filtered(lambda h: not (h.partner_ids - client))
    persons = client.desktomy_authorized_person_ids.filtered(
        lambda p: not (p.desktomy_represented_client_ids - client)
    )
    return {
        "records": records,
        "scans": scans,
        "messages": messages.filtered(lambda m: m.body),
        "handovers": handovers,
        "persons": persons,
    }


def erase(client):
    """Remove ``client``'s (sudo) scans, message bodies, identity numbers,
    signatures and sole authorised persons' data; keep invoices, usage lines
    and handovers (anonymised). Returns the counts."""
    from ..models.desktomy_mail import LIFECYCLE_TOKEN  # noqa: PLC0415

    plan = erasure_plan(client)
    records = plan["records"]
    counts = {
        "scans": len(plan["scans"]),
        "messages": len(plan["messages"]),
        "handovers": len(plan["handovers"]),
        "persons": len(plan["persons"]),
    }
    plan["scans"].unlink()
    plan["messages"].write({"body": ""})
    mails = (
        client.env["mail.mail"]
        .sudo()
        .search([("mail_message_id", "in", plan["messages"].ids)])
    )
    mails.write({"body_html": ""})
    records["requests"].write({"note": False})
    lifecycle = LIFECYCLE_TOKEN.context()
    # the office's receipts show the signature and the collector: removed,
    # their SHA-256 kept (a copy the client holds still verifies)
    plan["handovers"]._desktomy_remove_office_receipts()
    plan["handovers"].with_context(**lifecycle).write(
        {"collector_id_number": False, "signature": False, "collector_name": ERASED}
    )
    collected = records["items"].filtered("collector_name")
    collected.with_context(**lifecycle).write({"collector_name": ERASED})
    persons = plan["persons"]
    persons.user_ids.write({"active": False})
    persons.write(
        {
            "name": ERASED,
            "email": False,
            "phone": False,
            "mobile": False,
            "street": False,
            "street2": False,
            "zip": False,
            "city": False,
            "vat": False,
            "function": False,
            "comment": False,
            "image_1920": False,
            "active": False,
        }
    )
    return counts
