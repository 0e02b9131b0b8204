from . import desktomy_mail_handover_wizard
