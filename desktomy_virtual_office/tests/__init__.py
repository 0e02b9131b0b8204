from . import test_desktomy_mail
from . import test_billing
from . import test_billing_performance
