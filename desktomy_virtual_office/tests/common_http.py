# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""JSON-RPC as the web client sends it, for the HTTP tests of both addons."""

import json


def call_kw(case, model, method, args, kwargs=None):
    """POST ``/web/dataset/call_kw/<model>/<method>`` as the web client does.

    ``case`` is an ``HttpCase``, authenticated as the test needs; the answer
    is the parsed JSON-RPC response (``result``, or ``error`` with Odoo's
    exception in ``error["data"]["name"]``).
    """
    response = case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    case.assertEqual(response.status_code, 200)
    return response.json()
