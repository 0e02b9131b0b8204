# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
from unittest.mock import patch

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from ..controllers import receipt_verification
from .common_handover import SIGNATURE, HandoverCommon

GENUINE = "o_desktomy_verification_genuine"
DIFFERENT = "o_desktomy_verification_different"
ERROR = "o_desktomy_verification_error"


@tagged("post_install", "-at_install")
class TestReceiptVerificationHttp(HandoverCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        items = cls.env["desktomy.mail"].search(
            [
                ("partner_id", "in", cls.clients[:2].ids),
                ("state", "in", ("received", "notified")),
            ]
        )
        cls.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set(cls.clients[:2].ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        cls.items = items
        cls.handover = items.handover_id
        cls.original = cls.handover.receipt_attachment_id.raw
        cls.url = f"/desktomy/receipt/{cls.handover.verification_token}"

    def setUp(self):
        super().setUp()
        self.env["desktomy.rate.limit"].sudo()._reset(receipt_verification.KEY_PREFIX)
        self.authenticate(None, None)

    def _post(self, content=None, file_name="receipt.pdf", csrf=True, url=None):
        data = {}
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        files = None
        if content is not None:
            files = {"receipt_file": (file_name, content, "application/pdf")}
        return self.url_open(url or self.url, data=data, files=files)

    def test_get_shows_only_public_facts(self):
        """The page shows number, date, item count and SHA-256, nothing about
        the clients, the items or the collector."""
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.handover.name, page)
        self.assertIn(self.handover._desktomy_receipt_datetime_label(), page)
        self.assertIn(self.handover.receipt_sha256, page)
        self.assertIn(
            f'o_desktomy_verification_count">{self.handover.mail_count}<', page
        )
        for secret in (
            "Anna Nowak",
            "ABC123456",
            self.person.name,
            *self.clients.mapped("name"),
            *self.items.mapped("name"),
            *self.items.mapped("sender"),
            self.handover.user_id.name,
        ):
            self.assertNotIn(secret, page)
        self.assertIn('name="csrf_token"', page)

    def test_page_in_polish(self):
        """A visitor whose browser asks for Polish reads the page in Polish."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(
            ["desktomy_virtual_office"], ["pl_PL"], overwrite=True
        )
        self.opener.cookies.clear()
        response = self.url_open(
            self.url, headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}
        )
        self.assertEqual(response.status_code, 200)
        for text in (
            "Weryfikacja potwierdzenia odbioru",
            "Numer potwierdzenia",
            "Liczba przesyłek",
            "Sprawdź plik",
            "Najwyżej 20 MB.",
        ):
            self.assertIn(text, response.text)

    def test_upload_original_and_modified(self):
        """The original file is recognised byte for byte; a changed one is not."""
        response = self._post(self.original)
        self.assertEqual(response.status_code, 200)
        self.assertIn(GENUINE, response.text)
        self.assertNotIn(DIFFERENT, response.text)
        modified = self.original.replace(b"Anna Nowak", b"Anna Nowan", 1)
        self.assertNotEqual(modified, self.original)
        response = self._post(modified)
        self.assertEqual(response.status_code, 200)
        self.assertIn(DIFFERENT, response.text)
        self.assertNotIn(GENUINE, response.text)
        # one byte more is not the original either
        response = self._post(self.original + b"\n")
        self.assertIn(DIFFERENT, response.text)

    def test_client_copy_is_not_the_original(self):
        """A client's copy says so on the page: it is not the original."""
        copy, __, __ = self.handover._desktomy_render_client_copy(self.clients[0])
        response = self._post(copy)
        self.assertIn(DIFFERENT, response.text)

    def test_unknown_and_hostile_tokens_404(self):
        """Unknown or malformed tokens get the plain 404, with no error logged."""
        token = self.handover.verification_token
        other = "A" * 32 if token != "A" * 32 else "B" * 32
        paper = self.env["desktomy.mail.handover"].create(
            {"collector_name": "Paper", "digital_confirmation": False}
        )
        paper._desktomy_ensure_verification_token()
        hostile = [
            other,
            token[:-1],
            token + "A",
            "x" * 5000,
            "%C5%BC%C3%B3%C5%82%C4%87" * 4,
            "'%20OR%201=1--",
            "1;DROP%20TABLE%20desktomy_mail_handover",
            "%00" * 32,
            "..%2F..%2Fweb",
            paper.verification_token,
        ]
        missing = self.url_open(f"/desktomy/receipt/{other}")
        self.assertEqual(missing.status_code, 404)
        with self.assertNoLogs("odoo", level="ERROR"):
            for value in hostile:
                for method in ("get", "post"):
                    if method == "get":
                        response = self.url_open(f"/desktomy/receipt/{value}")
                    else:
                        response = self._post(
                            self.original, url=f"/desktomy/receipt/{value}"
                        )
                    self.assertEqual(response.status_code, 404, (method, value[:40]))
                    if "%2F" not in value:  # (others never reach the route)
                        # a malformed token answers exactly as an unknown one
                        self.assertEqual(response.text, missing.text)
                    self.assertNotIn("Traceback", response.text)
                    self.assertNotIn(self.handover.receipt_sha256, response.text)

    def test_upload_errors(self):
        """No file, an empty file and an oversize file get a clear message."""
        response = self._post()
        self.assertEqual(response.status_code, 400)
        self.assertIn(ERROR, response.text)
        self.assertIn("Choose the PDF file", response.text)
        response = self.url_open(
            self.url,
            data={
                "csrf_token": http.Request.csrf_token(self),
                "receipt_file": self.original.decode(),
            },
        )
        self.assertEqual(response.status_code, 400, "a text field is not a file")
        self.assertIn("Choose the PDF file", response.text)
        self.assertNotIn(GENUINE, response.text)
        response = self._post(b"")
        self.assertEqual(response.status_code, 400)
        self.assertIn("The file is empty.", response.text)
        with patch.object(receipt_verification, "MAX_UPLOAD_BYTES", 1024):
            response = self._post(b"%PDF" + b"0" * 2048)
        self.assertEqual(response.status_code, 413)
        self.assertIn("The file is too large", response.text)
        self.assertNotIn(GENUINE, response.text)

    def test_real_size_limit(self):
        """A file over 20 MB is refused, not hashed as a candidate."""
        response = self._post(b"0" * (receipt_verification.MAX_UPLOAD_BYTES + 1))
        self.assertEqual(response.status_code, 413)
        self.assertIn("at most 20 MB", response.text)

    def test_csrf_required(self):
        """A POST without the CSRF token is refused."""
        response = self._post(self.original, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(GENUINE, response.text)

    def test_rate_limit(self):
        """Too many uploads from one address are refused for a while (the
        limit of Settings, counted in the database)."""
        self.env["ir.config_parameter"].sudo().set_param(
            "desktomy_virtual_office.receipt_upload_rate", "2"
        )
        self.assertIn(GENUINE, self._post(self.original).text)
        self.assertIn(GENUINE, self._post(self.original).text)
        response = self._post(self.original)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many files", response.text)
        self.assertNotIn(GENUINE, response.text)
        self.assertEqual(
            self.env["desktomy.rate.limit"]._count(
                f"{receipt_verification.KEY_PREFIX}127.0.0.1",
                receipt_verification.RATE_LIMIT_WINDOW,
            ),
            3,
        )

    def test_forced_pdf_verifies(self):
        """A real PDF receipt carries the verification page, which recognises it."""
        self.env["ir.config_parameter"].sudo().set_param("report.print_delay", "0")
        items = self._waiting(self.clients[2:])
        self._wizard(
            self.clients[2:],
            collector_partner_id=False,
            collector_name="Ewa Zielińska",
            collector_id_number="XYZ987654",
        ).with_context(force_report_rendering=True).action_handover()
        handover = items.handover_id
        pdf = handover.receipt_attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), handover.receipt_sha256)
        self.assertNotIn(b"XYZ987654", pdf)
        url = f"/desktomy/receipt/{handover.verification_token}"
        response = self._post(pdf, url=url)
        self.assertIn(GENUINE, response.text)
