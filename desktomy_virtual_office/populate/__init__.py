# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Populate a database with a realistic virtual office, at three sizes.

Odoo up to 17.0 built test data with ``odoo-bin populate --size`` and the model
attributes ``_populate_sizes``, ``_populate_dependencies`` and the method
``_populate(size)``. Odoo 18.0 replaced that command by SQL duplication of
existing rows, so this addon keeps the attributes on its own models and runs
them with its own command, ``odoo-bin desktomy-populate`` (see ``cli/``):
:func:`populate_models` resolves the dependencies and calls ``_populate`` of
each model, which returns the records it created.
"""

import logging
import time

from . import res_partner
from . import res_users
from . import desktomy_package
from . import desktomy_mail
from . import desktomy_service_usage
from . import desktomy_mail_handover
from . import desktomy_mail_request

_logger = logging.getLogger(__name__)

SIZES = ("small", "medium", "large")


def populatable_models(env):
    """Names of the models that define ``_populate_sizes``."""
    return [
        name
        for name, model in env.registry.items()
        if getattr(model, "_populate_sizes", None) and not model._abstract
    ]


def _resolve(env, model_names):
    """Return ``model_names`` and their dependencies, dependencies first."""
    ordered = []

    def visit(name, path):
        if name in ordered:
            return
        if name in path:
            raise ValueError(f"Circular populate dependency: {path + [name]}")
        for dependency in getattr(env[name], "_populate_dependencies", []):
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
        names = _resolve(env, names)
    for name in names:
        start = time.time()
        records = env[name]._populate(size)
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
