from . import portal
from . import requests
from . import preferences
