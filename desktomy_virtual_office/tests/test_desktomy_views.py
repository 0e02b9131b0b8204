# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestViewsInPolish(TransactionCase):
    """Each form of the addon is one view: the parts that other views of the
    addon used to add to it (handover, billing, requests, preferences) are
    translated with it, so a Polish user sees them in Polish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(
            ["desktomy_virtual_office"], ["pl_PL"], overwrite=True
        )
        cls.user = new_test_user(
            cls.env,
            login="desktomy_views_pl",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_user",
            lang="pl_PL",
        )

    def _arch(self, model, view_type, xmlid):
        records = self.env[model].with_user(self.user).with_context(lang="pl_PL")
        view_id = self.env.ref(xmlid).id
        return records.get_views([(view_id, view_type)])["views"][view_type]["arch"]

    def test_item_form_and_search(self):
        form = self._arch(
            "desktomy.mail", "form", "desktomy_virtual_office.desktomy_mail_view_form"
        )
        for text in (
            "Potwierdzenie odbioru korespondencji",  # handover: the receipt box
            "Wydaj pocztę",  # handover: the header button
            "Wykorzystanie usług",  # billing: the usage page
            'string="Zlecenia"',  # requests: the requests page
        ):
            self.assertIn(text, form)
        search = self._arch(
            "desktomy.mail",
            "search",
            "desktomy_virtual_office.desktomy_mail_view_search",
        )
        self.assertIn("Z oczekującym zleceniem", search)

    def test_client_form(self):
        form = self._arch("res.partner", "form", "base.view_partner_form")
        for text in (
            "Ustawienia powiadomień",  # preferences: its page
            "Stałe dyspozycje",  # preferences: the instructions page
            "Oczekujące zlecenia",  # requests: the smart button
            'string="Pakiet"',  # billing: its page
        ):
            self.assertIn(text, form)
