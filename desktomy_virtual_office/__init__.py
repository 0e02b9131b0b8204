from . import controllers
from . import models
from . import wizard
from . import report
from . import populate
from . import cli
