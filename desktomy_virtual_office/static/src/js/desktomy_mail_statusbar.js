/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * Status bar of a correspondence item. A status is never written by the
 * status bar: every click (button, dropdown, command palette) asks the server
 * for the action that moves the item there (action_set_state): "Collected"
 * opens the handover wizard with the item selected, "Forwarded", "Returned"
 * and "Shredded" their dialog, "Notified" the notification, and leaving
 * "Collected" the reversal of the pickup, which asks "Are you sure?" and a
 * reason (DESKTOMY 2.19, "Alert przy zmianie statusu poczty").
 */
export class DesktomyMailStatusBarField extends StatusBarField {
    setup() {
        super.setup();
        this.action = useService("action");
        this.orm = useService("orm");
    }

    async selectItem(item) {
        const { name, record } = this.props;
        if (record.data[name] === item.value || !(await record.save())) {
            return;
        }
        const action = await this.orm.call(record.resModel, "action_set_state", [
            [record.resId],
            item.value,
        ]);
        if (action && typeof action === "object") {
            await this.action.doAction(action, { onClose: () => record.load() });
        }
        await record.load();
    }
}

export const desktomyMailStatusBarField = {
    ...statusBarField,
    component: DesktomyMailStatusBarField,
    displayName: _t("Status changed through the item's actions"),
};

registry.category("fields").add("desktomy_mail_statusbar", desktomyMailStatusBarField);
