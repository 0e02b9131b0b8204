#!/usr/bin/env python3
# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Developer tool behind ``./dev.sh``: ``start`` and ``test`` (stdlib only)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from desktomy_dev.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
