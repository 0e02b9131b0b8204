from . import res_partner
from . import desktomy_mail
