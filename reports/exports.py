"""Streamed CSV and JSON downloads of a filtered list.

Rows are read in chunks and written as they come, so an export of a million
indicators never sits in memory. CSV starts with a BOM: Excel otherwise reads
UTF-8 as the local code page and shows mojibake for Chinese.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

from django.http import StreamingHttpResponse

from indicators.formatting import json_number, plain

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    key: str  # JSON key
    label: str  # CSV header
    get: Callable[[Any], Any]


class _Echo:
    """csv.writer wants a file; this one hands each written line back."""

    def write(self, value):
        return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)  # downloads keep the exact number, never the rounded display
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def json_value(value):
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _rows(queryset):
    # A list (the points a chart drew) is already in memory and bounded.
    return queryset.iterator(chunk_size=CHUNK) if hasattr(queryset, "iterator") else iter(queryset)


def csv_response(queryset, columns: list[Column], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([c.label for c in columns])
        for obj in _rows(queryset):
            yield writer.writerow([_plain(c.get(obj)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(queryset, columns: list[Column], filename: str) -> StreamingHttpResponse:
    def chunks():
        yield "[\n"
        first = True
        for obj in _rows(queryset):
            item = {c.key: json_value(c.get(obj)) for c in columns}
            yield ("" if first else ",\n") + json.dumps(item, ensure_ascii=False)
            first = False
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


@dataclass(frozen=True)
class Table:
    """An export read as tuples, for lists that run to tens of thousands of rows (a province-year of
    indicators): `fields` are read by values_list(), and `cells` turns one tuple into the row's
    values in the order of `columns` — one call per row, no model instance, no per-column lambda."""

    columns: tuple[tuple[str, str], ...]  # (JSON key, CSV header)
    fields: tuple[str, ...]
    cells: Callable[[tuple], list]


def _tuples(queryset, table: Table):
    return queryset.values_list(*table.fields).iterator(chunk_size=CHUNK)


def table_csv_response(queryset, table: Table, filename: str) -> StreamingHttpResponse:
    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow([label for _, label in table.columns])
        for n, row in enumerate(_tuples(queryset, table), start=1):
            writer.writerow([_plain(v) for v in table.cells(row)])
            if n % CHUNK == 0:  # one write to the client per chunk, not per row
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def table_json_response(queryset, table: Table, filename: str) -> StreamingHttpResponse:
    keys = [key for key, _ in table.columns]

    def chunks():
        yield "[\n"
        separator = ""
        for row in _tuples(queryset, table):
            item = dict(zip(keys, map(json_value, table.cells(row)), strict=True))
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


# ?format= → (writer of model rows and columns, writer of a Table's tuples)
WRITERS = {"csv": (csv_response, table_csv_response), "json": (json_response, table_json_response)}


def export(request, queryset, shape: list[Column] | Table, filename: str):
    """The download asked for by `?format=csv|json`, or None for a normal page. `shape`: the columns
    of model rows, or a Table for lists read as tuples."""
    writers = WRITERS.get(request.GET.get("format", ""))
    if writers is None:
        return None
    by_rows, by_table = writers
    return by_table(queryset, shape, filename) if isinstance(shape, Table) else by_rows(queryset, shape, filename)
