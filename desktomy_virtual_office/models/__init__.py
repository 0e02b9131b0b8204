from . import res_partner
from . import desktomy_mail
from . import product_template
from . import desktomy_package
from . import desktomy_service_usage
from . import res_partner_billing
from . import desktomy_mail_billing
