/* Copyright 2026 DESKTOMY for Odoo contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
// Data: tests/test_billing_invoice_http.py, TestBillingInvoiceTour.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("desktomy_invoice_month_tour", {
    url: "/odoo/billing-summaries",
    steps: () => [
        {
            content: "Search the client",
            trigger: ".o_searchview_input",
            run: "edit Invoice Tour Client",
        },
        {
            content: "Search in the clients",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Select the client",
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
            content: "The drafted invoice opens",
            trigger: ".o_list_view .o_data_row td.o_data_cell:contains('Invoice Tour Client')",
            run: "click",
        },
        {
            content: "The invoice form",
            trigger: ".o_form_view .o_field_widget[name='desktomy_client_id']",
        },
        {
            content: "The invoice shows the usage lines it charged",
            trigger: ".oe_stat_button[name='action_desktomy_view_usage']:contains('3')",
            run: "click",
        },
        {
            content: "Its usage lines",
            trigger: ".o_list_view .o_data_row:contains('Invoice Tour Client')",
        },
    ],
});
