from . import res_partner
from . import desktomy_mail
from . import desktomy_mail_notification
from . import res_company
from . import res_config_settings
