from . import billing_summary_report
