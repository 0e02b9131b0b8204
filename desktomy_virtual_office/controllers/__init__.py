from . import receipt_verification
from . import client_data
