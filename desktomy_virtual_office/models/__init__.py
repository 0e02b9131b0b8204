from . import res_partner
from . import desktomy_mail
from . import desktomy_mail_handover
