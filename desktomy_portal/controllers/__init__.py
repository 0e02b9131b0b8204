from . import portal
from . import preferences
