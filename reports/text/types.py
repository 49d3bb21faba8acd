"""The plain dataclasses every extraction step produces.

They are the contract between the Django-free text modules, the `extract`
command (which prints `ParsedReport.to_json()`) and the ingest service (which
writes them to the database). Offsets are `str` indices into the decoded
source text exactly as read.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class ExtractionError(ValueError):
    """A file that cannot be read as a report (empty, binary, undecodable)."""


@dataclass(frozen=True)
class RegionRef:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    code: str | None = None  # GB/T 2260 code of the most specific level

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Header:
    """Metadata a scraped web page put above the body (索引号/发布机构/成文日期 …)."""

    fields: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # offset where the report itself begins


@dataclass
class Section:
    level: int
    number: str
    heading: str
    start: int  # offset of the numbering character ("(" / "（" for level 2)
    end: int = 0  # offset where the next section of the same or higher level starts
    heading_end: int = 0
    topics: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"level": self.level, "number": self.number, "heading": self.heading,
                "start": self.start, "end": self.end, "topics": self.topics}


class MeasureKind(StrEnum):
    """How a report marks a measure; the Measure model's choices are built from this."""

    ORDINAL = "ordinal"  # 一是… 二是…
    NUMBERED = "numbered"  # 1. / 1、 / （1）
    LEAD = "lead"  # a run-in lead sentence (提升科技创新质效。完善…) up to the next lead
    PARAGRAPH = "paragraph"  # a paragraph of a section without any of the above


class Period(StrEnum):
    """What span a report covers; the Report model's choices take these values."""

    ANNUAL = "annual"
    HALF_YEAR = "half-year"
    QUARTER = "quarter"
    OTHER = "other"


class IndicatorKind(StrEnum):
    """What a number states; the Indicator model's choices take these values."""

    VALUE = "value"  # a count or amount: 办理法律援助案件920件
    CHANGE = "change"  # a rise or fall: 同比上升12.5%
    TARGET = "target"  # a goal: 力争达到95%以上


class Direction(StrEnum):
    """Which way a change goes (a change only)."""

    UP = "up"
    DOWN = "down"


class Qualifier(StrEnum):
    """How exact a number is, as the words around it say."""

    OVER = "over"  # 以上, 余, 超过
    ABOUT = "about"  # 约, 左右
    NEARLY = "nearly"  # 近, 接近
    AT_LEAST = "at-least"  # 不少于, 至少


MEASURE_KIND_LABELS = {
    MeasureKind.ORDINAL: "一是…",
    MeasureKind.NUMBERED: "编号条目",
    MeasureKind.LEAD: "段首句",
    MeasureKind.PARAGRAPH: "段落",
}


@dataclass
class Measure:
    """The smallest unit a reader browses: an 一是 item, a numbered item, a lead and its text, a paragraph."""

    ordinal: int  # its place in its series or section, from 1
    number: str  # the numeral as written (一, 二 … for 一是; 1, 2 … for numbered items); "" otherwise
    text: str
    start: int
    end: int
    section_start: int | None = None  # start of the innermost enclosing section
    topics: list[str] = field(default_factory=list)
    kind: str = MeasureKind.ORDINAL
    marker: str = ""  # the marker as written: 一是, 1., （1）; "" for leads and paragraphs
    # Why each topic was given: slug -> the keywords that decided it (for editors; see topics.py).
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Indicator:
    name: str
    value: float
    unit: str
    raw: str
    start: int
    end: int
    qualifier: str | None = None  # a Qualifier
    kind: str = IndicatorKind.VALUE
    direction: str | None = None  # a Direction, for changes
    topic: str | None = None
    confidence: float = 1.0
    indicator_type: str | None = None  # slug in the indicator dictionary, when it maps to one
    # `value` expressed in the type's unit, so that 万元 and 亿元 reports plot on one axis; None when untyped.
    comparable_value: float | None = None
    section_start: int | None = None  # innermost enclosing section
    measure_start: int | None = None  # the 一是… measure it belongs to

    def to_json(self) -> dict:
        data = asdict(self)
        if self.kind != IndicatorKind.CHANGE:
            data.pop("direction")
        return data


@dataclass
class Document:
    """What the outline, indicator and topic steps read: the text once decoded and segmented."""

    text: str  # as decoded; every offset points here
    norm: str  # same length, normalised for matching (see decode.shadow)
    body_start: int  # where the report starts after any web-page header
    tokens: list  # segment.Token list over `text`
    year: int | None = None  # the year the report covers
    kind_hint: str | None = None  # e.g. "政府工作报告", from the title
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class ParsedReport:
    source: str
    text: str
    title: str | None
    title_built: bool
    agency: str | None
    agency_kind: str | None
    region: RegionRef
    year: int | None
    period: str
    issued_on: str | None  # ISO date
    body_start: int
    header: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    extractor_version: str = ""
    page: dict[str, str] = field(default_factory=dict)  # what the page said about the document (web, Word, PDF)
    format: str = "txt"  # the reader that read it: txt | html | docx | pdf
    # jieba tokens of the whole text, kept for the search index; not part of the JSON.
    tokens: list = field(default_factory=list, repr=False)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "title_built": self.title_built,
            "agency": self.agency,
            "agency_kind": self.agency_kind,
            "region": self.region.to_json(),
            "year": self.year,
            "period": self.period,
            "issued_on": self.issued_on,
            "topics": self.topics,
            "sections": [s.to_json() for s in self.sections],
            "measures": [m.to_json() for m in self.measures],
            "indicators": [i.to_json() for i in self.indicators],
            "extractor_version": self.extractor_version,
            "format": self.format,
            "page": self.page,
        }
