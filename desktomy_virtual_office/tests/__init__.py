from . import test_desktomy_mail
from . import test_desktomy_mail_handover
from . import test_desktomy_mail_handover_http
