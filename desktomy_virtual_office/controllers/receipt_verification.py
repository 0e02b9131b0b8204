# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Public page that verifies a receipt confirmation (the QR code on it)."""

import hashlib

from odoo import http
from odoo.http import request

#: Largest PDF accepted for verification, in bytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Uploads accepted per client IP address within ``RATE_LIMIT_WINDOW`` seconds
#: (by default; Settings > General Settings > Limits).
RATE_LIMIT_UPLOADS = 30
RATE_LIMIT_WINDOW = 10 * 60

_CHUNK = 1024 * 1024


def upload_rate(env):
    """The Settings' limit of checks per address and window
    (``desktomy_virtual_office.receipt_upload_rate``; default
    :data:`RATE_LIMIT_UPLOADS`)."""
    value = (
        env["ir.config_parameter"]
        .sudo()
        .get_param("desktomy_virtual_office.receipt_upload_rate")
    )
    try:
        return max(int(value), 1) if value else RATE_LIMIT_UPLOADS
    except ValueError:
        return RATE_LIMIT_UPLOADS


#: Where the keys of the page's counts start (``desktomy.rate.limit``).
KEY_PREFIX = "receipt:"


class DesktomyReceiptVerification(http.Controller):
    # Not a ``website=True`` route on purpose: http_routing answers a frontend
    # 404 by looking the path up among the attachments, which fails with a
    # 500 on a path holding a NUL byte (``/%00``). Every unknown or malformed
    # token gets the same plain 404.
    @http.route(
        "/desktomy/receipt/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def desktomy_receipt_verification(self, token, **post):
        handover_sudo = request.env[
            "desktomy.mail.handover"
        ]._desktomy_find_by_verification_token(token)
        if not handover_sudo:
            raise request.not_found()
        values = {
            "receipt": handover_sudo._desktomy_verification_values(),
            "action_url": f"/desktomy/receipt/{token}",
            "max_upload_label": request.env._(
                "At most %(limit)s MB.", limit=MAX_UPLOAD_BYTES // (1024 * 1024)
            ),
        }
        status = 200
        if request.httprequest.method == "POST":
            result, error, status = self._desktomy_check_upload(
                handover_sudo, post.get("receipt_file")
            )
            values.update(result=result, error=error)
        return request.render(
            "desktomy_virtual_office.receipt_verification_page", values, status=status
        )

    def _desktomy_check_upload(self, handover_sudo, upload):
        """Compare an uploaded file with the stored original.

        :return: ``(result, error, status)``: ``result`` is ``"genuine"`` or
            ``"different"`` when the file could be checked, else ``error`` is
            the message to show
        """
        env = request.env
        # (counted in the database: the same for every worker and server)
        key = f"{KEY_PREFIX}{request.httprequest.remote_addr}"
        if (
            not env["desktomy.rate.limit"]
            .sudo()
            ._hit(key, upload_rate(env), RATE_LIMIT_WINDOW)
        ):
            return (
                None,
                env._(
                    "Too many files checked from your address. Try again in "
                    "%(minutes)s min.",
                    minutes=RATE_LIMIT_WINDOW // 60,
                ),
                429,
            )
        if not hasattr(upload, "read") or not getattr(upload, "filename", None):
            return None, env._("Choose the PDF file of the receipt to check."), 400
        digest = hashlib.sha256()
        size = 0
        while chunk := upload.read(_CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                return (
                    None,
                    env._(
                        "The file is too large: at most %(limit)s MB can be checked.",
                        limit=MAX_UPLOAD_BYTES // (1024 * 1024),
                    ),
                    413,
                )
            digest.update(chunk)
        if not size:
            return None, env._("The file is empty."), 400
        genuine = handover_sudo._desktomy_receipt_matches(digest.hexdigest())
        return ("genuine" if genuine else "different"), None, 200
