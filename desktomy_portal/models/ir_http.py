# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound
from werkzeug.routing import ValidationError

from odoo import models
from odoo.http import request

from odoo.addons.base.models.ir_http import SignedIntConverter


class SafeSignedIntConverter(SignedIntConverter):
    """Odoo's ``int`` converter, except that a number Python refuses to read
    (more than 4,300 digits) does not match the route (404) instead of
    raising ``ValueError`` while routing (500)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValueError:
            raise ValidationError() from None


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_converters(cls):
        return dict(super()._get_converters(), int=SafeSignedIntConverter)

    @classmethod
    def _pre_dispatch(cls, rule, args):
        # Before Odoo redirects a path to its canonical form (``/my/mail/١٢٣``
        # to ``/my/mail/123``): a client panel's route path with non-ASCII
        # characters is a parameter the panel does not read, answered like a
        # missing record (see controllers/hardening.py).
        method = getattr(rule.endpoint, "func", None)
        function = getattr(method, "__func__", method)
        original = getattr(function, "original_endpoint", None)
        if (
            getattr(original, "desktomy_params", None) is not None
            and not request.httprequest.path.isascii()
        ):
            raise NotFound()
        return super()._pre_dispatch(rule, args)
