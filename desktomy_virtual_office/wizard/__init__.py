from . import desktomy_billing_summary
