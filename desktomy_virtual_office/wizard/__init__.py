from . import desktomy_mail_notify_wizard
from . import desktomy_billing_summary
from . import desktomy_mail_handover_wizard
from . import desktomy_mail_lifecycle_wizard
from . import desktomy_mail_disposition_wizard
from . import desktomy_mail_reversal_wizard
from . import desktomy_mail_request_refuse_wizard
from . import desktomy_client_erase_wizard
