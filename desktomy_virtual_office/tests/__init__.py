from . import test_desktomy_mail
from . import test_billing
from . import test_billing_performance
from . import test_desktomy_mail_notify
from . import test_desktomy_security
from . import test_desktomy_ui
from . import test_billing_http
from . import test_populate
