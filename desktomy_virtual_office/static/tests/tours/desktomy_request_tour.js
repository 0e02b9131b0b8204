/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

// Data: tests/test_desktomy_mail_request_ui.py (a forwarding request of
// "Tour Request Client" and a request to hold for pickup).
registry.category("web_tour.tours").add("desktomy_request_queue_tour", {
    steps: () => [
        {
            content: "Open the request queue",
            trigger: ".o_menu_sections button:contains('Requests'), .o_menu_sections a:contains('Requests')",
            run: "click",
        },
        {
            content: "The queue lists the forwarding request",
            trigger: ".o_list_view .o_data_row:contains('Tour Request Client'):contains('Forwarding')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Only the requests of my company",
            trigger: ".o_filter_menu .o_menu_item:contains('My Company')",
            run: "click",
        },
        {
            content: "and the overdue ones: none of the tour's",
            trigger: ".o_filter_menu .o_menu_item:contains('Overdue')",
            run: "click",
        },
        {
            trigger: ".o_view_nocontent, .o_list_view:not(:has(.o_data_row:contains('Tour Request Client')))",
        },
        {
            content: "not only the overdue ones",
            trigger: ".o_filter_menu .o_menu_item:contains('Overdue')",
            run: "click",
        },
        {
            content: "The request of my company is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Request Client')",
        },
        {
            content: "Switch to the kanban by kind",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The kanban groups the requests by kind",
            trigger: ".o_kanban_group:contains('Forwarding') .o_kanban_record:contains('Tour Request Client')",
            run: "click",
        },
        {
            content: "Fulfil the request",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Fulfil')",
            run: "click",
        },
        {
            content: "The dialog has the client's forwarding address",
            trigger: ".modal div[name='forward_address'] textarea:value(ul. Turystyczna 7)",
        },
        {
            content: "and the carrier the client chose",
            trigger: ".modal div[name='forward_carrier'] input:value(Poczta Polska)",
        },
        {
            content: "Type the outgoing tracking number",
            trigger: ".modal div[name='forward_tracking_number'] input",
            run: "edit RR000111222PL",
        },
        {
            content: "Forward",
            trigger: ".modal footer button:contains('Mark as forwarded')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The request is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
    ],
});
