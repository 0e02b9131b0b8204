from . import test_desktomy_mail
