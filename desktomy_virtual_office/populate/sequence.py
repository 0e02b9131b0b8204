# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import date


def number_by_year(env, sequence, rows, date_key):
    """Give each of ``rows`` (dicts) its ``name`` as the yearly ``sequence``
    (an ``ir.sequence`` or its XML id) would, by the year of
    ``row[date_key]``, and move the sequence on past the numbers given."""
    if isinstance(sequence, str):
        sequence = env.ref(sequence)
    by_year = defaultdict(list)
    for row in rows:
        by_year[row[date_key].year].append(row)
    for year, year_rows in sorted(by_year.items()):
        date_range = sequence._get_current_sequence(sequence_date=date(year, 6, 1))
        number = date_range.number_next_actual
        prefix = sequence.prefix.replace("%(range_year)s", str(year))
        for row in year_rows:
            row["name"] = f"{prefix}{number:0{sequence.padding}d}"
            number += 1
        date_range.number_next_actual = number
    env.flush_all()
