# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytz

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, users

from odoo.addons.mail.tests.common import MailCommon

from .common_handover import SIGNATURE, HandoverCommon

STATEMENT_PL = "Potwierdzam odbiór wyżej wymienionych przesyłek w stanie nienaruszonym."
STATEMENT_EN = "I confirm that I have received the items listed above intact."
NOT_AUTHORIZED = "is not on the list of persons authorised by the client(s)"


class ReceiptCommon(HandoverCommon):
    @classmethod
    def _setup_receipt(cls):
        cls._setup_handover()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Biuro Wirtualne Centrum Sp. z o.o.",
                "street": "ul. Prosta 51",
                "zip": "00-838",
                "city": "Warszawa",
                "vat": "PL5252248481",
            }
        )
        cls.user_desk.tz = "Europe/Warsaw"

    def _hand_over(self, clients, **vals):
        items = self._waiting(clients)
        self._wizard(clients, **vals).action_handover()
        return items.handover_id, items


class TestReceiptContent(ReceiptCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_receipt()
        cls.env["desktomy.mail"].search(
            [("partner_id", "=", cls.clients[0].id)], limit=1
        ).tracking_number = "RR123456789PL"

    @users("ho_desk")
    def test_receipt_stands_on_its_own(self):
        """The receipt's body names the office, the moment with its time zone,
        the items by company, both statements and the QR of the public page."""
        handover, items = self._hand_over(self.clients[:2].with_env(self.env))
        content = handover.receipt_attachment_id.raw.decode()
        for text in (
            "Biuro Wirtualne Centrum Sp. z o.o.",
            "ul. Prosta 51",
            "00-838",
            "Warszawa",
            "PL5252248481",
            "(Europe/Warsaw)",
            handover._desktomy_receipt_datetime_label(),
            "Desk User",
            "RR123456789PL",
            STATEMENT_PL,
            STATEMENT_EN,
            'src="data:image/png;base64,',
            "o_desktomy_receipt_qr",
        ):
            self.assertIn(text, content)
        warsaw = pytz.timezone("Europe/Warsaw")
        for item in items:
            self.assertIn(item.name, content)
            received = pytz.utc.localize(item.received_datetime).astimezone(warsaw)
            self.assertIn(received.strftime("%Y-%m-%d %H:%M"), content)
        # the page of the QR: an unguessable token, printed as the address
        token = handover.verification_token
        self.assertRegex(token, r"^[A-Za-z0-9_-]{32}$")
        self.assertIn(f"/desktomy/receipt/{token}", content)
        self.assertTrue(
            handover._desktomy_verification_url().startswith(handover.get_base_url())
        )
        # an authorised person collected: no identification sentence
        self.assertNotIn(NOT_AUTHORIZED, content)
        self.assertRegex(content, rf"Total items:\s*<span>{len(items)}</span>")

    @users("ho_desk")
    def test_unauthorised_collector_masked_document(self):
        """A collector outside the authorised list is identified by a masked
        document number, and the receipt says so."""
        handover, __ = self._hand_over(
            self.clients[2:].with_env(self.env),
            collector_partner_id=False,
            collector_name="Anna Nowak",
            collector_id_number="ABC 123456",
        )
        content = handover.receipt_attachment_id.raw.decode()
        self.assertIn("Anna Nowak", content)
        self.assertIn("•••••456", content)
        self.assertNotIn("ABC 123456", content)
        self.assertNotIn("ABC123456", content)
        self.assertNotIn("123456", content)
        self.assertIn(NOT_AUTHORIZED, content)
        self.assertIn(STATEMENT_PL, content)
        self.assertIn(STATEMENT_EN, content)

    def test_statements_in_both_languages_whatever_the_language(self):
        """The collector's statement is printed in Polish and English on a
        receipt rendered in Polish (the desk user's language)."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(
            ["desktomy_virtual_office"], ["pl_PL"], overwrite=True
        )
        self.user_desk.lang = "pl_PL"
        env = self.env(user=self.user_desk)
        clients = self.clients[:1].with_env(env)
        items = self._waiting(clients)
        env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set(clients.ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        content = items.handover_id.receipt_attachment_id.raw.decode()
        self.assertIn("Potwierdzenie odbioru korespondencji", content)
        self.assertIn(STATEMENT_PL, content)
        self.assertIn(STATEMENT_EN, content)

    def test_masked_id_number(self):
        """Only the last three characters stay readable; the length is hidden."""
        Handover = self.env["desktomy.mail.handover"]
        for number, expected in (
            ("ABC123456", "•••••456"),
            (" AB 12 34 ", "•••••234"),
            ("X1", "•••••"),
            ("", ""),
            (False, ""),
        ):
            handover = Handover.new({"collector_id_number": number})
            self.assertEqual(handover._desktomy_masked_id_number(), expected, number)

    def test_paper_handover_has_no_qr(self):
        """A receipt printed for a handover on paper has no verification code
        (there is no stored original to verify)."""
        handover, __ = self._hand_over(
            self.clients[:1], digital_confirmation=False, signature=False
        )
        content, __ = self.env["ir.actions.report"]._render_qweb_pdf(
            "desktomy_virtual_office.desktomy_mail_handover_report_action",
            res_ids=handover.ids,
        )
        content = content.decode()
        self.assertIn(STATEMENT_EN, content)
        self.assertNotIn("o_desktomy_receipt_qr", content)

    def test_client_copy_is_second_report(self):
        """The client's copy is the second report on the same document, with
        only the client's items."""
        handover, items = self._hand_over(self.clients[:2])
        action = self.env.ref(
            "desktomy_virtual_office.desktomy_mail_handover_client_copy_report_action"
        )
        self.assertEqual(action.model, "desktomy.mail.handover")
        client = self.clients[0]
        content, file_name, mimetype = handover._desktomy_render_client_copy(client)
        self.assertEqual(mimetype, "text/html")
        self.assertIn(handover.name.replace("/", "-"), file_name)
        content = content.decode()
        self.assertIn("o_desktomy_client_copy", content)
        self.assertIn(handover.receipt_sha256, content)
        self.assertIn(STATEMENT_PL, content)
        self.assertIn("o_desktomy_receipt_qr", content)
        for item in items:
            if item.partner_id == client:
                self.assertIn(item.name, content)
            else:
                self.assertNotIn(item.name, content)
        self.assertNotIn(self.clients[1].name, content)
        # the original is not a copy and lists both companies
        original = handover.receipt_attachment_id.raw.decode()
        self.assertNotIn("o_desktomy_client_copy", original)
        self.assertIn(self.clients[1].name, original)

    def test_verification_token_unique_and_lookup(self):
        """Every handover gets its own token; only a well-formed token of a
        confirmed handover with a receipt finds it."""
        first, __ = self._hand_over(self.clients[:1])
        second, __ = self._hand_over(self.clients[1:2])
        paper, __ = self._hand_over(
            self.clients[2:],
            digital_confirmation=False,
            signature=False,
            collector_id_number="ABC123456",
        )
        paper._desktomy_ensure_verification_token()
        tokens = (first | second | paper).mapped("verification_token")
        self.assertEqual(len(set(tokens)), 3)
        Handover = self.env["desktomy.mail.handover"]
        find = Handover._desktomy_find_by_verification_token
        self.assertEqual(find(first.verification_token), first)
        self.assertEqual(find(second.verification_token), second)
        self.assertFalse(find(paper.verification_token), "no receipt, no page")
        for hostile in (
            "",
            None,
            42,
            first.verification_token[:-1],
            first.verification_token + "x",
            first.verification_token.lower()
            if first.verification_token.lower() != first.verification_token
            else first.verification_token.upper(),
            "' OR 1=1 --" + "a" * 21,
            "ż" * 32,
            "\x00" * 32,
            "a" * 100000,
        ):
            self.assertFalse(find(hostile), repr(hostile)[:40])
        # tokens are stable: rendering again keeps the address
        url = first._desktomy_verification_url()
        self.assertEqual(url, first._desktomy_verification_url())

    def test_token_office_users_only(self):
        """The token is readable by the Virtual Office users only."""
        handover, __ = self._hand_over(self.clients[:1])
        self.assertTrue(handover.with_user(self.user_desk).verification_token)
        with self.assertRaises(AccessError):
            handover.with_user(self.user_plain).read(["verification_token"])


class TestReceiptClientMails(ReceiptCommon, MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_receipt()
        cls.clients[0].desktomy_notification_email = "office@board0.example.com"
        cls.clients[1].email = "biuro@board1.example.com"
        # cls.clients[2] has no address

    def _mails_to(self, email):
        return self._new_mails.filtered(lambda mail: email in (mail.email_to or ""))

    @users("ho_desk")
    def test_one_mail_per_client_with_its_copy(self):
        """Each client with an address gets one e-mail with its own copy;
        the others are named in the handover's chatter."""
        clients = self.clients.with_env(self.env)
        items = self._waiting(clients)
        with self.mock_mail_gateway():
            self._wizard(
                clients,
                collector_partner_id=False,
                collector_name="Anna Nowak",
                collector_id_number="ABC123456",
            ).action_handover()
            self.assertEqual(len(self._new_mails), 2, "one e-mail per client")
            handover = items.handover_id
            for client, email in (
                (clients[0], "office@board0.example.com"),
                (clients[1], "biuro@board1.example.com"),
            ):
                mail = self._mails_to(email)
                self.assertEqual(len(mail), 1)
                self.assertEqual(mail.model, "desktomy.mail.handover")
                self.assertEqual(mail.res_id, handover.id)
                self.assertIn(handover.name, mail.subject)
                self.assertIn(client.name, mail.body_html)
                self.assertIn(
                    f"/desktomy/receipt/{handover.sudo().verification_token}",
                    mail.body_html,
                )
                self.assertFalse(mail.recipient_ids)
                attachment = mail.attachment_ids.sudo()
                self.assertEqual(len(attachment), 1)
                copy = attachment.raw.decode()
                self.assertIn("o_desktomy_client_copy", copy)
                for item in items:
                    if item.partner_id == client:
                        self.assertIn(item.name, copy)
                    else:
                        self.assertNotIn(item.name, copy)
                self.assertNotIn("ABC123456", copy)
        note = handover.message_ids.filtered(
            lambda message: "no e-mail address" in (message.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn(clients[2].name, note.body)
        self.assertIn("office@board0.example.com", note.body)

    def test_single_client_gets_the_original(self):
        """A handover of one client e-mails the stored original itself."""
        items = self._waiting(self.clients[:1])
        with self.mock_mail_gateway():
            self._wizard(self.clients[:1]).action_handover()
            self.assertEqual(len(self._new_mails), 1)
            receipt = items.handover_id.receipt_attachment_id
            self.assertEqual(self._new_mails.attachment_ids.raw, receipt.raw)

    def test_setting_off_no_mail(self):
        """With the company's setting off, no client gets an e-mail."""
        self.env.company.desktomy_receipt_email_clients = False
        items = self._waiting(self.clients[:2])
        with self.mock_mail_gateway():
            self._wizard(self.clients[:2]).action_handover()
            self.assertFalse(self._new_mails)
        self.assertTrue(items.handover_id.receipt_attachment_id)

    def test_paper_handover_no_mail(self):
        """A handover on paper has no receipt to send."""
        with self.mock_mail_gateway():
            self._wizard(
                self.clients[:2], digital_confirmation=False, signature=False
            ).action_handover()
            self.assertFalse(self._new_mails)

    def test_setting_in_settings(self):
        """The setting is on by default and shown in the Settings."""
        company = self.env["res.company"].create({"name": "Second Office"})
        self.assertTrue(company.desktomy_receipt_email_clients)
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.desktomy_receipt_email_clients)
        settings.desktomy_receipt_email_clients = False
        settings.execute()
        self.assertFalse(self.env.company.desktomy_receipt_email_clients)
