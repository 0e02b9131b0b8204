from . import desktomy_mail_notify_wizard
