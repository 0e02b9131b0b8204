/* Copyright 2026 DESKTOMY for Odoo contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
// Data: tests/test_billing_invoice_http.py, TestBillingInvoiceHttp.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("desktomy_invoice_month_tour", {
    url: "/odoo/billing-summaries",
    steps: () => [
        {
            content: "The previous month",
            trigger: ".o_desktomy_billing_previous",
            run: "click",
        },
        {
            content: "The client is on the screen: select it",
            trigger:
                ".o_list_view .o_data_row:contains('Invoice Tour Client') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Invoice the month",
            trigger: "button.o_desktomy_invoice_month",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run opens, queued, with its client to invoice",
            trigger:
                ".o_form_view .o_field_widget[name='clients_total']:contains('1')",
        },
        {
            content: "Its status",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Queued')",
        },
    ],
});
