from . import res_company
from . import res_config_settings
from . import res_users
from . import billing_summary_report
from . import ir_http
