# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The base of the populators: plain classes, one per model, no Odoo model."""

#: Months of history of a populated database (packages, items, usage).
HISTORY_MONTHS = 36


class Populator:
    """Populates one model: :meth:`populate` creates its records.

    A subclass names its model (``model_name``), the number of records per
    size where that number is a parameter (``sizes``: ``{size: count}``) and
    the models it builds on (``dependencies``), which
    :func:`~odoo.addons.desktomy_virtual_office.populate.populate_models`
    populates first. Their records are in ``env.registry.populated_models``
    (``{model name: ids}``).
    """

    model_name = None
    sizes = {}
    dependencies = ()

    def __init__(self, env):
        self.env = env
        self.model = env[self.model_name]

    def populate(self, size):
        """Create the records of ``size`` and return them (a recordset)."""
        raise NotImplementedError
