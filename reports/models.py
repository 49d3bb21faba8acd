"""Regions, agencies, reports and their outline.

Machine output (sections, measures, search tokens) is rebuilt on every
re-extract; what an editor decides lives in fields the service never
overwrites (see `Report.edited_fields` and `services.ingest`).

Fixtures are loaded with plain `loaddata`, which bypasses every form and
service; the `pre_save` checks at the end of this module are what keeps a
broken fixture from writing anything (loaddata runs in one transaction).
"""
import datetime
import hashlib
import re
from urllib.parse import quote

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify

from reports.links import url_for
from reports.text.duplicates import identity
from reports.text.types import MEASURE_KIND_LABELS, MeasureKind
from reports.text.types import Period as ParsedPeriod
from reports.versioning import VersionedModel

# The largest primary key a URL or filter may ask for: below the 64-bit integer columns of SQLite and
# PostgreSQL, so a huge id in a URL is a 404 or a form error, never an overflow (a 500) in the database.
MAX_ID = 2**62

MEASURE_KIND_CHOICES = [(kind.value, label) for kind, label in MEASURE_KIND_LABELS.items()]


def content_hash_of(text: str) -> str:
    """The identity of a report: SHA-256 of its text, forgetting what a copy changes by accident
    (BOM, line endings, full-/half-width spaces, trailing white space: reports/text/duplicates.py).
    The text itself is stored exactly as read; offsets point into it."""
    return hashlib.sha256(identity(text).encode("utf-8")).hexdigest()


class RegionLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCE = "province", "省级"
    CITY = "city", "地级"
    COUNTY = "county", "县级"


# 全国: the root above the provinces, the region of the 国务院, its 部委 and other national bodies.
NATIONAL_CODE = "100000"

# A GB/T 2260 code is six ASCII digits (PP CC XX). The table's constraint, the `<region:code>` path
# converter, the filter form and every check of a code someone typed read this one pattern.
REGION_CODE_PATTERN = r"[0-9]{6}"
_REGION_CODE = re.compile(REGION_CODE_PATTERN)
REGION_CODE_MESSAGE = "行政区划代码应为 6 位数字，如 330000。"
region_code_validator = RegexValidator(rf"\A{REGION_CODE_PATTERN}\Z", REGION_CODE_MESSAGE)


def is_region_code(code) -> bool:
    """Six ASCII digits (str.isdigit would also take full-width and superscript digits)."""
    return isinstance(code, str) and _REGION_CODE.fullmatch(code) is not None


class RegionQuerySet(models.QuerySet):
    def within(self, code):
        """The region with this code and every region below it.

        GB/T 2260 codes are hierarchical: a province is `PP0000`, its cities
        `PPCC00`, their counties `PPCCXX`, so a prefix selects a subtree; 全国
        (100000) holds them all.
        """
        code = (code or "").strip()
        if not is_region_code(code):
            return self.none()
        if code == NATIONAL_CODE:
            return self.all()
        if code.endswith("0000"):
            prefix = code[:2]
        elif code.endswith("00"):
            prefix = code[:4]
        else:
            prefix = code
        return self.filter(code__startswith=prefix)

    def provinces(self):
        return self.filter(level=RegionLevel.PROVINCE)

    def top_level(self):
        """全国 and the provinces: the first step of every drill-down."""
        return self.filter(level__in=(RegionLevel.NATIONAL, RegionLevel.PROVINCE))


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Region(models.Model):
    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=32, blank=True)
    level = models.CharField("级别", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = RegionManager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [
            # Name look-ups from the editorial desk and the region resolver's fixture export.
            models.Index(fields=["name"], name="region_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=rf"^{REGION_CODE_PATTERN}$"), name="region_code_six_digits"),
            models.CheckConstraint(condition=Q(level__in=RegionLevel.values), name="region_level_valid"),
            # 全国 is the one root: code 100000, no parent.
            models.CheckConstraint(
                condition=~Q(level=RegionLevel.NATIONAL) | Q(code=NATIONAL_CODE, parent__isnull=True),
                name="region_national_is_root",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return url_for("reports:region-detail", self.code)

    def ancestors(self):
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def full_name(self):
        # 全国 is every region's root: 北京市, not 全国北京市; 全国 itself stays 全国.
        names = [r.name for r in self.ancestors() if r.level != RegionLevel.NATIONAL] + [self.name]
        # A municipality is its own province and city: say it once.
        deduped = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
        return "".join(deduped)


class AgencyManager(models.Manager):
    def get_by_natural_key(self, region_code, name):
        return self.get(region__code=region_code, name=name)


class Agency(VersionedModel):
    name = models.CharField("名称", max_length=128, help_text="含地区前缀，如 柳州市司法局")
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="agencies")
    kind = models.CharField("机构类型", max_length=32, blank=True, help_text="如 司法局、人民政府")

    objects = AgencyManager()

    class Meta:
        verbose_name = "发布机构"
        verbose_name_plural = "发布机构"
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="agency_unique_name_per_region"),
        ]
        indexes = [
            # The agency-kind filter on the report list (司法局 / 人民政府 …).
            models.Index(fields=["kind", "name"], name="agency_kind_idx"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.region.natural_key(), self.name)

    natural_key.dependencies = ["reports.region"]

    def get_absolute_url(self):
        return url_for("reports:agency-detail", self.pk)


class TopicManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Topic(VersionedModel):
    """An editable taxonomy entry; its keywords also feed jieba's user dictionary."""

    slug = models.SlugField("标识", max_length=64, unique=True)
    name = models.CharField("名称", max_length=64)
    group = models.CharField("类别", max_length=32, blank=True, help_text="如 法治政府、经济社会")
    description = models.TextField(
        "说明", blank=True, help_text="这个主题包括什么、与相近主题怎样划界；读者和编辑都能看到"
    )
    keywords = models.JSONField(
        "关键词", default=list, blank=True,
        help_text="抽取时据以判断主题的词，也加入分词词典；修改后对新入库和重新抽取的报告生效",
    )
    order = models.PositiveIntegerField("排序", default=0)

    objects = TopicManager()

    class Meta:
        verbose_name = "主题"
        verbose_name_plural = "主题"
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("reports:topic-detail", args=[self.slug])


# The years a report may be of: from the People's Republic's first to a bound that catches a misread
# number (the table's constraint, ingest, the year filters and their messages all read these).
YEAR_MIN, YEAR_MAX = 1949, 2100


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "待审"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


# The values are the extractor's own (reports/text/types.py); the model adds the labels.
class Period(models.TextChoices):
    ANNUAL = ParsedPeriod.ANNUAL.value, "年度"
    HALF_YEAR = ParsedPeriod.HALF_YEAR.value, "半年"
    QUARTER = ParsedPeriod.QUARTER.value, "季度"
    OTHER = ParsedPeriod.OTHER.value, "其他"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def in_region(self, code):
        return self.filter(region__in=Region.objects.within(code))

    def with_listing(self):
        """What a report list row shows, in one query."""
        return self.select_related("agency", "region", "region__parent", "region__parent__parent",
                                   "region__parent__parent__parent")

    def newest_first(self):
        return self.order_by("-year", "-issued_on", "-id")


class ReportManager(models.Manager.from_queryset(ReportQuerySet)):
    def get_by_natural_key(self, content_hash):
        return self.get(content_hash=content_hash)


# How many characters of the title a report URL carries after its id (see Report.slug).
SLUG_CHARS = 32

# Metadata an editor may correct; once edited, re-extract leaves the field alone.
EDITABLE_METADATA = ("title", "agency", "region", "year", "period", "issued_on", "topics")


class Report(VersionedModel):
    # No single-column index on agency: report_agency_year_idx leads with it and serves the same look-ups.
    agency = models.ForeignKey(Agency, verbose_name="发布机构", on_delete=models.PROTECT, related_name="reports",
                               db_index=False)
    # Usually the agency's region; kept on the report so lists filter without a join.
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="reports")
    title = models.CharField("标题", max_length=255)
    title_built = models.BooleanField("标题为自动生成", default=False)
    year = models.PositiveSmallIntegerField("年度", help_text="报告所涵盖的年度，而非发布年份")
    period = models.CharField("期间", max_length=16, choices=Period.choices, default=Period.ANNUAL)
    issued_on = models.DateField("成文/发布日期", null=True, blank=True)
    source_url = models.URLField("原文链接", max_length=500, blank=True)
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_text = models.TextField("原文")
    content_hash = models.CharField("内容哈希", max_length=64, editable=False, help_text="原文的 SHA-256")
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    topics = models.ManyToManyField(Topic, verbose_name="主题", blank=True, related_name="reports")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # A withdrawn report keeps its URL: the page answers 410 and says when, why and what replaces it.
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回原因", blank=True, help_text="公开显示在原报告地址上")
    replaced_by = models.ForeignKey(
        "self", verbose_name="替代报告", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces",
        help_text="撤回后，原地址指向这篇报告",
    )
    extractor_version = models.CharField("抽取器版本", max_length=32, blank=True, editable=False)
    edited_fields = models.JSONField("编辑改过的字段", default=list, blank=True, editable=False)
    # What the web page, Word file or PDF said about the document (标题, 发布时间, 来源, 网址 …), as read.
    page_meta = models.JSONField("页面元数据", default=dict, blank=True, editable=False)
    # Set at ingest when a report of the same agency, year and period holds ≥ 95 % of the same text.
    near_duplicate_of = models.ForeignKey(
        "self", verbose_name="疑似重复", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False, help_text="同一机构、年度、期间的另一篇报告，正文至少 95% 相同",
    )
    # jieba tokens plus every dictionary word in the text and title, space separated (see reports/search.py):
    # SQLite searches these. PostgreSQL keeps them only as the position-free tsvector below (GIN index) and
    # leaves this empty. Derived per database, so never exported: a load derives them again.
    search_document = models.TextField(blank=True, editable=False, serialize=False)
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = ReportManager()

    class Meta:
        verbose_name = "报告"
        verbose_name_plural = "报告"
        ordering = ["-year", "-issued_on", "-id"]
        permissions = [
            ("publish_report", "可以发布或撤回报告"),
            ("reextract_report", "可以重新抽取报告"),
            ("upload_report", "可以在后台上传报告文件"),
        ]
        constraints = [
            # One report per text: ingesting the same content twice must find this row, never add one.
            models.UniqueConstraint(fields=["content_hash"], name="report_unique_content_hash"),
            models.CheckConstraint(condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="report_content_hash_sha256"),
            models.CheckConstraint(condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX), name="report_year_plausible"),
            models.CheckConstraint(condition=~Q(title=""), name="report_title_not_empty"),
            # Feeds sort by published_at: a published report without it would vanish from them.
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="report_published_has_time",
            ),
        ]
        indexes = [
            # Public report list: published, filtered by region, newest first.
            models.Index(fields=["status", "region", "-year", "-id"], name="report_status_region_year_idx"),
            # Public report list filtered by year (and the coverage matrix region × year).
            models.Index(fields=["status", "-year", "-id"], name="report_status_year_idx"),
            # Agency pages: an agency's reports by year.
            models.Index(fields=["agency", "-year"], name="report_agency_year_idx"),
            # Feeds: newest published first.
            models.Index(fields=["status", "-published_at"], name="report_published_at_idx"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.content_hash,)

    @property
    def slug(self) -> str:
        """The readable part of the URL: the start of the title (Chinese kept, percent-encoded on the wire).

        Only the id identifies a report; the slug is for people reading a link. An editor who
        corrects the title changes the slug, and every older link still lands (a 301 to the new one).
        """
        slug = slugify(self.title[: SLUG_CHARS * 2], allow_unicode=True)[:SLUG_CHARS].strip("-_")
        # "cite" and "compare" are pages under the same id.
        return slug if slug and slug not in ("cite", "compare") else "report"

    def get_absolute_url(self):
        # reverse() of the slug route, spelt out: lists link every row, and url_for reverses once.
        return f"{url_for('reports:report-detail', self.pk)}{quote(self.slug)}/"

    @property
    def was_public(self) -> bool:
        """Withdrawn after publication: its links are out there, so its URL answers 410, not 404."""
        return self.status == ReportStatus.WITHDRAWN and self.published_at is not None


# Where a section, a measure or a number stands in its report's page: the element id the page renders
# (reports/highlight.py), the fragment links end in (`anchor` / `get_absolute_url`), what a citation pins.
def section_anchor(start: int) -> str:
    return f"s-{start}"


def measure_anchor(start: int) -> str:
    return f"m-{start}"


def indicator_anchor(start: int) -> str:
    return f"i-{start}"


# 一、 / （一） / 1. and one deeper: the outline's depths the Section table accepts.
SECTION_LEVEL_MIN, SECTION_LEVEL_MAX = 1, 4


class SectionManager(models.Manager):
    def get_by_natural_key(self, content_hash, start):
        return self.get(report__content_hash=content_hash, start=start)


class Section(models.Model):
    # No single-column index on report: section_unique_start_per_report leads with it.
    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="sections",
                               db_index=False)
    parent = models.ForeignKey(
        "self", verbose_name="上级章节", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField("层级")
    number = models.CharField("序号", max_length=8)
    heading = models.CharField("标题", max_length=500)
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    topics = models.ManyToManyField(Topic, verbose_name="主题", blank=True, related_name="sections")

    objects = SectionManager()

    class Meta:
        verbose_name = "章节"
        verbose_name_plural = "章节"
        ordering = ["report", "start"]
        constraints = [
            models.UniqueConstraint(fields=["report", "start"], name="section_unique_start_per_report"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="section_end_after_start"),
            models.CheckConstraint(condition=Q(level__gte=SECTION_LEVEL_MIN) & Q(level__lte=SECTION_LEVEL_MAX), name="section_level_range"),
        ]

    def __str__(self):
        return f"{self.number}、{self.heading}" if self.level == 1 else f"（{self.number}）{self.heading}"

    def natural_key(self):
        return (*self.report.natural_key(), self.start)

    natural_key.dependencies = ["reports.report"]

    @property
    def anchor(self):
        return section_anchor(self.start)


class MeasureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(report__status=ReportStatus.PUBLISHED)

    def with_listing(self):
        return self.select_related("report", "report__agency", "report__region", "section")


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_by_natural_key(self, content_hash, start):
        return self.get(report__content_hash=content_hash, start=start)


class Measure(models.Model):
    # No single-column index on report or region: measure_unique_start_per_report and measure_region_year_idx
    # lead with them and serve the same look-ups and FK checks.
    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="measures",
                               db_index=False)
    section = models.ForeignKey(
        Section, verbose_name="章节", null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    ordinal = models.PositiveSmallIntegerField("序号", help_text="在所属序列或章节中的位置，从 1 起")
    number = models.CharField("编号", max_length=8, blank=True,
                              help_text="一是、二是 … 中的数字，或 1.、（1） 中的数字；段首句和段落没有")
    kind = models.CharField("形式", max_length=16, choices=MEASURE_KIND_CHOICES,
                            default=MeasureKind.ORDINAL.value)
    marker = models.CharField("标记", max_length=16, blank=True, help_text="原文中的标记：一是、1.、（1）")
    text = models.TextField("内容")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    topics = models.ManyToManyField(Topic, verbose_name="主题", blank=True, related_name="measures")
    topics_edited = models.BooleanField(
        "主题由编辑确定", default=False, help_text="编辑改过的主题在重新抽取时保留（按举措起始位置对应）"
    )
    # Why the machine gave each topic, best topic first: [[slug, [keywords …]], …] — a list, because
    # PostgreSQL's jsonb reorders object keys and the order is part of the answer.
    topic_evidence = models.JSONField("主题依据", default=list, blank=True, editable=False)
    # Denormalised from the report so measure lists filter and sort without a join.
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+",
                               db_index=False)
    # PostgreSQL only: the measure's share of its report's terms, cut by position at ingest; no text copy
    # of them is kept (SQLite searches measures through their report's search_document).
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = MeasureManager()

    class Meta:
        verbose_name = "举措"
        verbose_name_plural = "举措"
        ordering = ["report", "start"]
        constraints = [
            models.UniqueConstraint(fields=["report", "start"], name="measure_unique_start_per_report"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="measure_end_after_start"),
        ]
        indexes = [
            # Measure list filtered by region and/or year, newest first.
            models.Index(fields=["region", "-year", "-id"], name="measure_region_year_idx"),
            models.Index(fields=["-year", "-id"], name="measure_year_idx"),
        ]

    def __str__(self):
        return self.label(30)

    def label(self, limit: int | None = None) -> str:
        """The measure as a reader sees it, with its marker (一是, 1., （1）) in front.

        The pipeline keeps the marker in the text; rows an editor typed may not. Leads and
        paragraphs have no marker.
        """
        text = self.text if limit is None or len(self.text) <= limit else f"{self.text[:limit]}…"
        marker = self.marker or (f"{self.number}是" if self.kind == MeasureKind.ORDINAL and self.number else "")
        return text if not marker or self.text.startswith(marker) else f"{marker}{text}"

    def natural_key(self):
        return (*self.report.natural_key(), self.start)

    natural_key.dependencies = ["reports.report", "reports.section"]

    @property
    def anchor(self):
        return measure_anchor(self.start)

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#{self.anchor}"


# --- Checks on fixture loads -------------------------------------------------
#
# `loaddata` saves with raw=True: no form, no service, no model validation. A
# natural key that points nowhere is silently deferred to NULL by Django, so
# without these checks a missing region surfaces as an opaque NOT NULL error
# and a duplicate hash silently merges two reports into one. Raising
# ValueError makes loaddata name the object and roll the whole load back.


class FixtureError(ValueError):
    """A fixture object that would break an invariant of the archive."""


def report_text_length(report_id):
    from django.db.models.functions import Length

    return Report.objects.filter(pk=report_id).values_list(Length("source_text"), flat=True).first()


def check_span(label, report_id, start, end):
    """Shared by the fixture checks of sections, measures and indicators."""
    if report_id is None:
        raise FixtureError(f"{label}：所属报告不存在（夹具里缺少该报告，或报告的自然键有误）")
    length = report_text_length(report_id)
    if not (0 <= start < end <= (length or 0)):
        raise FixtureError(f"{label}：位置 [{start}, {end}) 超出报告原文（共 {length} 字）")


# Bookkeeping of one installation or derived per database: not what a fixture object "says".
NOT_CONTENT = frozenset({"version", "search_vector", "search_document", "imported_at", "updated_at", "reviewed_by",
                         "report_period", "report_published"})


def shown(value, limit=24):
    text = "（空）" if value in (None, "", [], ()) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def comparable(value):
    # JSON fixtures keep milliseconds (DjangoJSONEncoder): a stored time equals its own export.
    if isinstance(value, (datetime.datetime, datetime.time)):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def fixture_differences(instance, using="default"):
    """None for a new row; else [(field label, stored, incoming)] where the fixture object differs
    from the row its key found (empty when it says the same)."""
    if instance.pk is None:
        return None
    model = type(instance)
    stored = model._base_manager.using(using).filter(pk=instance.pk).first()
    if stored is None:
        return None
    differences = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in NOT_CONTENT:
            continue
        mine, theirs = field.value_from_object(stored), field.value_from_object(instance)
        if comparable(mine) != comparable(theirs):
            differences.append((str(field.verbose_name), shown(mine), shown(theirs)))
    return differences


def overwrite_message(instance, differences, using="default"):
    detail = "；".join(f"{label}：现存 {old}，夹具 {new}" for label, old, new in differences[:6])
    stored = type(instance)._base_manager.using(using).filter(pk=instance.pk).first() or instance
    return (f"{instance._meta.verbose_name}“{shown(stored, 40)}”已存在，夹具内容与之不同（{detail}）。"
            "loaddata 不覆盖已有数据，什么也没有写入；确要更新请用 manage.py import_reports 文件 --update"
            "（保留编辑的决定）。")


@receiver(pre_save)
def _refuse_fixture_overwrite(sender, instance, raw, using, **kwargs):
    # A natural key that finds an existing row makes loaddata UPDATE it: an editor's published title or
    # review decision would be replaced without a word. Same content passes (loading twice is harmless).
    if not raw or sender._meta.app_label not in ("reports", "indicators"):
        return
    differences = fixture_differences(instance, using)
    if differences:
        raise FixtureError(overwrite_message(instance, differences, using))


@receiver(pre_save, sender=Agency)
def _check_agency_fixture(sender, instance, raw, **kwargs):
    if raw and instance.region_id is None:
        raise FixtureError(f"发布机构“{instance.name}”：行政区划不存在（请先 loaddata regions）")


@receiver(pre_save, sender=Report)
def _check_report_fixture(sender, instance, raw, **kwargs):
    if not raw:
        return
    label = f"报告“{instance.title}”"
    if instance.region_id is None:
        raise FixtureError(f"{label}：行政区划不存在（请先 loaddata regions）")
    if instance.agency_id is None:
        raise FixtureError(f"{label}：发布机构不存在（夹具里缺少该机构）")
    if instance.content_hash != content_hash_of(instance.source_text):
        raise FixtureError(
            f"{label}：内容哈希 {instance.content_hash[:12]}… 与原文不符"
            "（夹具被改动过，或两篇报告用了同一个哈希）"
        )


@receiver(pre_save, sender=Section)
def _check_section_fixture(sender, instance, raw, **kwargs):
    if raw:
        check_span(f"章节“{instance.heading[:20]}”", instance.report_id, instance.start, instance.end)


@receiver(pre_save, sender=Measure)
def _check_measure_fixture(sender, instance, raw, **kwargs):
    if not raw:
        return
    check_span(f"举措“{instance.text[:20]}”", instance.report_id, instance.start, instance.end)
    if instance.region_id is None:
        raise FixtureError(f"举措“{instance.text[:20]}”：行政区划不存在（请先 loaddata regions）")


@receiver(post_save, sender=Report)
def _index_loaded_report(sender, instance, raw, using, **kwargs):
    # Search terms are derived per database and never exported (PostgreSQL keeps them only in its
    # vector), so one fixture serves both backends: a load derives them.
    if raw:
        from reports.search import index_loaded

        index_loaded(instance, using)


@receiver(post_save, sender=Measure)
def _rebuild_measure_vector(sender, instance, raw, using, **kwargs):
    # A fixture carries no measure terms: cut the measure's own text (loads are rare; ingest cuts by position).
    if raw and connections[using].vendor == "postgresql":
        from reports.search import index_document

        with connections[using].cursor() as cursor:
            cursor.execute(f"UPDATE reports_measure SET search_vector = {VECTOR_SQL % '%s'} WHERE id = %s",
                           [index_document(instance.text), instance.pk])


# The one spelling of a stored vector: the 'simple' parser over the space separated terms (the SQL
# parameter), without positions.
VECTOR_SQL = "strip(to_tsvector('simple', %s))"


class ReportComparison(models.Model):
    """What a report repeats, continues, adds and drops against an earlier report of its agency.

    Computed at ingest (reports/comparisons.py) because matching two long texts
    costs tens of milliseconds; spans and measure starts index each report's
    own text.
    """

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="comparisons")
    earlier = models.ForeignKey(Report, verbose_name="对比的早期报告", on_delete=models.CASCADE, related_name="+")
    repeated_share = models.FloatField("重复表述占比")
    result = models.JSONField("对比结果", default=dict)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "年度对比"
        verbose_name_plural = "年度对比"
        constraints = [
            models.UniqueConstraint(fields=["report", "earlier"], name="comparison_unique_pair"),
            models.CheckConstraint(condition=~Q(report=models.F("earlier")), name="comparison_not_itself"),
        ]
