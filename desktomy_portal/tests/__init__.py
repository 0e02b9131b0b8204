from . import test_portal_access
from . import test_portal_mail
from . import test_portal_settings
from . import test_portal_billing
from . import test_portal_tour
from . import test_portal_billing_offices
