# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Populate a database with a realistic virtual office, at three sizes; and the
demo data generator.

Odoo up to 17.0 built test data with ``odoo-bin populate --size`` and the model
attributes ``_populate_sizes``, ``_populate_dependencies`` and the method
``_populate(size)``. Odoo 18.0 replaced that command by SQL duplication of
existing rows, so this addon keeps the same scheme in plain Python classes,
one populator per model (:class:`~.common.Populator`: ``model_name``,
``sizes``, ``dependencies`` and ``populate(size)``, which returns the records
it created), no Odoo model, and runs them with its own command,
``odoo-bin desktomy-populate`` (see ``cli/``): :func:`populate_models`
resolves the dependencies and runs the populator of each model.

The demo data calls the abstract model ``desktomy.demo``
(:mod:`.desktomy_demo`), which replays the demo history through the real
actions (``<function model="desktomy.demo" .../>`` in ``demo/``).
"""

import logging
import time

from . import desktomy_demo
from .desktomy_mail import DesktomyMailPopulator
from .desktomy_mail_handover import DesktomyMailHandoverPopulator
from .desktomy_mail_request import DesktomyMailRequestPopulator
from .desktomy_package import DesktomyPackagePopulator
from .desktomy_package_assignment import DesktomyPackageAssignmentPopulator
from .desktomy_service_usage import DesktomyServiceUsagePopulator
from .res_partner import ResPartnerPopulator
from .res_users import ResUsersPopulator

_logger = logging.getLogger(__name__)

SIZES = ("small", "medium", "large")

#: ``{model name: populator class}``
POPULATORS = {
    populator.model_name: populator
    for populator in (
        ResPartnerPopulator,
        ResUsersPopulator,
        DesktomyPackagePopulator,
        DesktomyPackageAssignmentPopulator,
        DesktomyMailPopulator,
        DesktomyServiceUsagePopulator,
        DesktomyMailHandoverPopulator,
        DesktomyMailRequestPopulator,
    )
}


def populatable_models(env):
    """Names of the models that have a populator, in the registry's order."""
    return [name for name in env.registry if name in POPULATORS]


def _populator(name):
    if name not in POPULATORS:
        raise ValueError(f"No populator for {name!r}, use one of {sorted(POPULATORS)}")
    return POPULATORS[name]


def _resolve(model_names):
    """Return ``model_names`` and their dependencies, dependencies first."""
    ordered = []

    def visit(name, path):
        if name in ordered:
            return
        if name in path:
            raise ValueError(f"Circular populate dependency: {path + [name]}")
        for dependency in _populator(name).dependencies:
            visit(dependency, path + [name])
        ordered.append(name)

    for name in model_names:
        visit(name, [])
    return ordered


def populate_models(env, size, model_names=None, dependencies=True):
    """Populate ``model_names`` (default: all) at ``size``; return ``{model: records}``.

    Records created by a model are available to the models that depend on it
    in ``env.registry.populated_models`` (``{model: ids}``), as in the populate
    framework of earlier Odoo versions. With ``dependencies=False`` only
    ``model_names`` are populated, on top of the data already in the database
    (e.g. handovers for a database populated before they existed).
    """
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}, use one of {SIZES}")
    env = env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            active_test=False,
        )
    )
    env.registry.populated_models = {}
    result = {}
    names = model_names or populatable_models(env)
    if dependencies or not model_names:
        names = _resolve(names)
    for name in names:
        start = time.time()
        records = _populator(name)(env).populate(size)
        env.flush_all()
        env.registry.populated_models[name] = records.ids
        result[name] = records
        _logger.info(
            "populate %s (%s): %d records in %.1f s",
            name,
            size,
            len(records),
            time.time() - start,
        )
    # Usage lines and package histories are written in SQL batches, past the
    # hooks that keep the stored billing months in step: rebuild them.
    start = time.time()
    env["desktomy.billing.month"]._rebuild()
    _logger.info("populate: billing months rebuilt in %.1f s", time.time() - start)
    return result
