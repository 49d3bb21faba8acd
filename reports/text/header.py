"""The metadata a scraped web page puts above a report, and where the report begins.

Three shapes occur in the wild:
- a table flattened with `|`: `索引号: | 1133…/2025-01248 | 文件编号: | |` / `发布机构: | 区司法局 | 成文日期: | 2025-02-21 |`
- `key: value` lines: `标题: …`, `发布时间: 2023-03-31 10:09`, `来源：青海日报`
- a key on one line and its value on the next: `发表时间：` then `2026-02-09 09:45:30`
plus bare timestamps and lines of table debris. Everything up to the last such
line is header; the body starts after it. A title line may stand before,
between or after these lines; it is returned as `标题` when no key names it.
"""
from __future__ import annotations

import re

from .types import Header

# Keys that only a page header uses (a report body never starts a line with them).
HEADER_KEYS = (
    "索引号", "文件编号", "文号", "发文字号", "发布机构", "发文机关", "成文日期", "发布日期", "发布时间", "发表时间",
    "公开方式", "公开范围", "公开时限", "主题分类", "体裁分类", "主题词", "标题", "名称", "来源", "信息来源",
    "生效日期", "有效性", "废止日期", "作者", "责任编辑", "浏览次数", "点击数", "访问量", "字号", "分类",
    "组配分类", "公文种类", "所属机构", "信息分类", "更新时间",
)
_KEY = "|".join(sorted(HEADER_KEYS, key=len, reverse=True))
# `key:` with its value up to the next `|`, the next key, or the end of the line.
_PAIR = re.compile(rf"({_KEY})\s*[:：]\s*((?:(?!(?:{_KEY})\s*[:：])[^|\n])*)")
_KEY_ONLY_LINE = re.compile(rf"^\s*({_KEY})\s*[:：]\s*$")
_TIMESTAMP_LINE = re.compile(r"^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_DEBRIS_LINE = re.compile(r"^[\s|]*$")
# How far down a header may reach: web headers are short; past this the body has begun.
MAX_HEADER_LINES = 16


def _lines(text: str, limit: int):
    pos = 0
    for _ in range(limit):
        if pos >= len(text):
            return
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        yield pos, end
        pos = end + 1


_SUBTITLE_LINE = re.compile(r"^\s*[-—―─]{1,3}\s*\S")  # ——2026年1月27日在…人民代表大会…上
_SPEAKER_LINE = re.compile(r"^\s*\S{0,16}(省长|市长|县长|区长|州长|主席|盟长|旗长|局长|主任|书记)\s*[\u4e00-\u9fff·]{2,5}\s*$")
_CAPTION_LINE = re.compile(r"(摄|供图|图片来源\S*)\s*$")


def parse_header(text: str, norm: str) -> Header:
    """Read the leading page metadata; the body starts at the first line that is none of it."""
    fields: dict[str, str] = {}
    body_start = 0
    pending_key = None
    for start, end in _lines(norm, MAX_HEADER_LINES):
        line = norm[start:end]
        original = text[start:end]
        body_start = start
        if pending_key:
            if line.strip():
                fields.setdefault(pending_key, original.strip().strip("|").strip())
                pending_key = None
            continue
        if key_only := _KEY_ONLY_LINE.match(line):
            pending_key = key_only.group(1)
            continue
        pairs = list(_PAIR.finditer(line))
        if pairs and pairs[0].start() <= 2:
            for pair in pairs:
                value = text[start + pair.start(2):start + pair.end(2)].strip().strip("|").strip()
                fields.setdefault(pair.group(1), value)
            continue
        if _DEBRIS_LINE.match(line):
            continue
        if _TIMESTAMP_LINE.match(line):
            fields.setdefault("时间", line.strip())
            continue
        cleaned = re.sub(r"\s*\|[\s|]*", " ", original).strip()
        if _looks_like_title(cleaned):
            # A page often repeats the title (site headline, then the document's own line).
            fields.setdefault("标题", cleaned)
            continue
        if _SUBTITLE_LINE.match(line) and len(line) < 120:
            fields.setdefault("副标题", cleaned)
            continue
        if _SPEAKER_LINE.match(line) or (_CAPTION_LINE.search(line) and len(line) < 160 and start > 0):
            continue
        break
    else:
        body_start = len(text) if pending_key else body_start
    return Header(fields=fields, body_start=min(body_start, len(text)))


_REPORT_WORDS = re.compile(r"(报告|总结|情况|要点|计划|规划|通报|公报|白皮书|工作|汇报)\s*$")


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    if not (4 <= len(line) <= 80) or "。" in line or "，" in line or line.endswith((":", "：")):
        return False
    return bool(_REPORT_WORDS.search(line))
