# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Context tokens that let a model's own actions write what nobody else may.

An action puts the token in the context around its own write; the model's
``create``/``write`` checks that the context holds this very object. A context
that arrives over RPC or from an import is JSON and cannot carry a Python
object, so no client, import or other module can forge it.
"""


class ActionToken:
    """The value of context key ``key`` that marks one model's actions."""

    __slots__ = ("key", "label")

    def __init__(self, key, label):
        self.key = key
        self.label = label

    def __repr__(self):
        return f"<{self.label}>"

    def allows(self, env):
        """Whether ``env``'s context carries this token (an action writes)."""
        return env.context.get(self.key) is self

    def context(self):
        """The context values of an action (``with_context(**token.context())``)."""
        return {self.key: self}
