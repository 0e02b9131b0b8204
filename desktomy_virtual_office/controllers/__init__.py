from . import receipt_verification
