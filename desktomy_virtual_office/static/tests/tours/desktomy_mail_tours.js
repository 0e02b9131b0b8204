/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { signSteps } from "@desktomy_virtual_office/../tests/tours/desktomy_sign_steps";

// Both tours rely on data created by tests/test_desktomy_ui.py, which opens
// the item form directly.

const statusIs = (state) => ({
    content: `the item is ${state}`,
    trigger: `.o_statusbar_status button.o_arrow_button_current[data-value='${state}']`,
});

registry.category("web_tour.tours").add("desktomy_missing_attachment_tour", {
    steps: () => [
        statusIs("received"),
        {
            content: "send the notification",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Send notification)",
            run: "click",
        },
        {
            content: "the alert names the item without scan",
            trigger: ".modal .o_desktomy_missing_attachment",
        },
        {
            trigger: ".modal .o_data_row:contains(TOUR-NO-SCAN-SENDER)",
        },
        {
            content: "go back",
            trigger: ".modal footer button:contains(Go back)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        statusIs("received"),
        {
            content: "send the notification again",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Send notification)",
            run: "click",
        },
        {
            content: "send anyway",
            trigger: ".modal footer button:contains(Send anyway)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        statusIs("notified"),
    ],
});

registry.category("web_tour.tours").add("desktomy_reversal_tour", {
    steps: () => [
        statusIs("collected"),
        {
            content: "click another status",
            trigger: ".o_statusbar_status button[data-value='received']",
            run: "click",
        },
        {
            content: "the status alert asks first, with a reason",
            trigger:
                ".modal:contains(Are you sure you want to change the status of collected mail?) div[name=reason] textarea",
        },
        {
            content: "cancel",
            trigger: ".modal footer button:contains(Cancel)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        statusIs("collected"),
        {
            content: "the button reverses the pickup too",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Reverse the pickup)",
            run: "click",
        },
        {
            content: "without a reason nothing happens",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "the reason is required",
            trigger: ".modal div[name=reason].o_field_invalid",
        },
        {
            content: "give the reason",
            trigger: ".modal div[name=reason] textarea",
            run: "edit Collected by mistake",
        },
        {
            content: "reverse",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        statusIs("received"),
    ],
});

registry.category("web_tour.tours").add("desktomy_statusbar_handover_tour", {
    steps: () => [
        statusIs("received"),
        {
            content: "click Collected in the status bar",
            trigger: ".o_statusbar_status button[data-value='collected']",
            run: "click",
        },
        {
            content: "the handover wizard opens with the item's client ticked",
            trigger:
                ".modal .o_desktomy_checklist_row.table-active .o_desktomy_checklist_name:contains(Board 0 Sp)",
        },
        {
            content: "and the item listed",
            trigger: ".modal .o_desktomy_items .o_data_row",
        },
        {
            content: "the authorised person collects",
            trigger: ".modal div[name=collector_partner_id] input",
            run: "edit Jan Kowalski",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Jan Kowalski)",
            run: "click",
        },
        ...signSteps(),
        {
            content: "Hand over",
            trigger: ".modal-footer button[name=action_handover]",
            run: "click",
        },
        {
            content: "The handover record opens",
            trigger: ".o_form_view div[name=receipt_sha256]:not(:empty)",
        },
    ],
});

registry.category("web_tour.tours").add("desktomy_list_notify_tour", {
    steps: () => [
        {
            content: "select the item in the list",
            trigger: ".o_data_row:contains(TOUR-LIST-NO-SCAN) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "send the notification of the selection",
            trigger: "button:contains(Send notification)",
            run: "click",
        },
        {
            content: "the alert names the item",
            trigger: ".modal .o_data_row:contains(TOUR-LIST-NO-SCAN)",
        },
        {
            content: "go back",
            trigger: ".modal footer button:contains(Go back)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("desktomy_settings_tour", {
    steps: () => [
        {
            content: "the Virtual Office settings show the Mail block",
            trigger: "#desktomy_missing_attachment_alert_setting input[type=checkbox]:checked",
            run: "click",
        },
        {
            trigger: "#desktomy_missing_attachment_alert_setting input[type=checkbox]:not(:checked)",
        },
        {
            content: "save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger:
                "#desktomy_missing_attachment_alert_setting input[type=checkbox]:not(:checked)",
        },
        {
            trigger: "body:not(:has(.o_form_dirty))",
        },
    ],
});

registry.category("web_tour.tours").add("desktomy_intake_tour", {
    steps: () => [
        {
            content: "register a new item",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "choose the client",
            trigger: ".o_selected_row [name=partner_id] input",
            run: "edit Tour Client",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Client Sp. z o.o.)",
            run: "click",
        },
        {
            content: "type the sender",
            trigger: ".o_selected_row [name=sender] input",
            run: "edit INTAKE-ONE",
        },
        {
            content: "next entry: Enter saves the row and opens a new one",
            trigger: ".o_selected_row [name=sender] input",
            run: "press Enter",
        },
        {
            trigger: ".o_data_row:not(.o_selected_row):contains(INTAKE-ONE)",
        },
        {
            content: "the new row keeps the client",
            trigger: ".o_selected_row [name=partner_id] input:value(Tour Client Sp. z o.o.)",
        },
        {
            trigger: ".o_selected_row [name=sender] input",
            run: "edit INTAKE-TWO",
        },
        {
            content: "save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_data_row:not(.o_selected_row):contains(INTAKE-TWO)",
        },
    ],
});
