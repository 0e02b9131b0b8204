/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatMonetary } from "@web/views/fields/formatters";
import { ListRenderer } from "@web/views/list/list_renderer";
import { listView } from "@web/views/list/list_view";

/**
 * Header of the billing summaries list: the period (previous / next month,
 * or any period in a dialog) and the totals of the rows of the current search
 * (all clients by default). The rows are paged by the list; the totals come
 * from one grouped query of the server (get_billing_totals).
 */
export class DesktomyBillingTotals extends Component {
    static template = "desktomy_virtual_office.BillingTotals";
    static props = { list: Object };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ totals: null });
        // Not awaited: the rows show while the totals are computed.
        onWillStart(() => {
            this.load(this.props.list);
        });
        onWillUpdateProps((nextProps) => {
            if (JSON.stringify(nextProps.list.domain) !== JSON.stringify(this.domain)) {
                this.load(nextProps.list);
            }
        });
    }

    async load(list) {
        this.domain = list.domain;
        const totals = await this.orm.call(list.resModel, "get_billing_totals", [list.domain], {
            context: list.context,
        });
        if (this.domain === list.domain) {
            this.state.totals = totals;
        }
    }

    get period() {
        const { date_from, date_to } = this.state.totals;
        return `${formatDate(deserializeDate(date_from))} - ${formatDate(deserializeDate(date_to))}`;
    }

    formatAmount(value) {
        return formatMonetary(value, { currencyId: this.state.totals.currency_id });
    }

    async callAction(method, args, options = {}) {
        const { list } = this.props;
        const action = await this.orm.call(list.resModel, method, args, {
            context: list.context,
        });
        return this.action.doAction(action, options);
    }

    onShift(months) {
        return this.callAction("action_shift_period", [months], {
            stackPosition: "replaceCurrentAction",
        });
    }

    onChoosePeriod() {
        return this.callAction("action_choose_period", []);
    }
}

export class DesktomyBillingReportListRenderer extends ListRenderer {
    static template = "desktomy_virtual_office.BillingReportListRenderer";
    static components = { ...ListRenderer.components, DesktomyBillingTotals };
}

export const desktomyBillingReportListView = {
    ...listView,
    Renderer: DesktomyBillingReportListRenderer,
};

registry.category("views").add("desktomy_billing_report_list", desktomyBillingReportListView);
