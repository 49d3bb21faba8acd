"""A Word file (.docx): its paragraphs and tables in document order, read with python-docx.

python-docx is the maintained reader of the Office Open XML package; it gives paragraphs and tables
in the order they stand (`iter_inner_content`). Running headers and footers live in other parts of
the package and are not read, as a reader of the document would skip them. The document's own
title property, when set, is page metadata (`标题`).
"""
from __future__ import annotations

import io
import zipfile

from ..types import ExtractionError


def read(data: bytes, name: str) -> tuple[str, dict[str, str]]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(f"{name}：Word 文档已损坏，无法打开（{exc}）") from exc
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
        else:
            lines.extend(_paragraph_lines(block.text))
    page = {}
    title = (doc.core_properties.title or "").strip()
    if title:
        page["标题"] = title
    return "\n".join(lines), page


def _paragraph_lines(text: str) -> list[str]:
    # A manual line break (Shift+Enter) inside a paragraph is a line of its own, as on the page.
    return [line.strip(" \u3000\xa0\t") for line in text.replace("\r", "\n").split("\n") if line.strip(" \u3000\xa0\t")]


def _table_lines(table) -> list[str]:
    """One line per row, cells joined by ` | ` (the shape scraped tables have in text reports).
    A merged cell appears once per row it spans, so repeats of the same cell are dropped."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_paragraph_lines(cell.text)))
        if any(cells):
            lines.append(" | ".join(cells))
    return lines
