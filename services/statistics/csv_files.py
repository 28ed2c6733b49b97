"""CSV as the open-data files want it: the columns given, in order, `\\n` line ends;
one writer for the API's downloads and `pmr export ees`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Response


def csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """The rows under a header of `columns` (a value a row lacks is blank)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def csv_response(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]], filename: str = ""
) -> Response:
    """A CSV download (an attachment when it has a file name)."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(
        csv_text(columns, rows),
        media_type="text/csv; charset=utf-8",
        headers=headers if filename else None,
    )
