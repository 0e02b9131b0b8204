/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { _t } from "@web/core/l10n/translation";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * Status bar of a correspondence item that asks "Are you sure?" before an
 * item leaves the "collected" status (DESKTOMY 2.19, "Alert przy zmianie
 * statusu poczty"). Every path of the status bar (click, dropdown, command
 * palette) goes through selectItem. The server refuses the change without
 * the confirmation, so the confirmed change goes through action_set_state.
 */
export class DesktomyMailStatusBarField extends StatusBarField {
    setup() {
        super.setup();
        this.dialog = useService("dialog");
        this.orm = useService("orm");
    }

    async selectItem(item) {
        const { name, record } = this.props;
        if (record.data[name] !== "collected" || item.value === "collected") {
            return super.selectItem(item);
        }
        this.dialog.add(ConfirmationDialog, {
            title: _t("Change the status of collected mail"),
            body: _t("Are you sure you want to change the status of collected mail?"),
            confirmLabel: _t("Change status"),
            cancelLabel: _t("Cancel"),
            confirm: async () => {
                if (await record.save()) {
                    await this.orm.call(record.resModel, "action_set_state", [
                        [record.resId],
                        item.value,
                    ]);
                    await record.load();
                }
            },
            cancel: () => {},
        });
    }
}

export const desktomyMailStatusBarField = {
    ...statusBarField,
    component: DesktomyMailStatusBarField,
    displayName: _t("Status with a confirmation when leaving collected"),
};

registry.category("fields").add("desktomy_mail_statusbar", desktomyMailStatusBarField);
