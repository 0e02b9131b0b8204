from . import billing_summary_report
from . import desktomy_billing_report
