"""Regions, agencies, reports and their outline.

Machine output (sections, measures, search tokens) is rebuilt on every
re-extract; what an editor decides lives in fields the service never
overwrites (see `Report.edited_fields` and `services.ingest`).

Fixtures are loaded with plain `loaddata`, which bypasses every form and
service; the `pre_save` checks at the end of this module are what keeps a
broken fixture from writing anything (loaddata runs in one transaction).
"""
import hashlib

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from reports.links import url_for


def content_hash_of(text: str) -> str:
    """The identity of a report: SHA-256 of its text exactly as stored (offsets point into it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "地级"
    COUNTY = "county", "县级"


class RegionQuerySet(models.QuerySet):
    def within(self, code):
        """The region with this code and every region below it.

        GB/T 2260 codes are hierarchical: a province is `PP0000`, its cities
        `PPCC00`, their counties `PPCCXX`, so a prefix selects a subtree.
        """
        code = (code or "").strip()
        if not (len(code) == 6 and code.isdigit()):
            return self.none()
        if code.endswith("0000"):
            prefix = code[:2]
        elif code.endswith("00"):
            prefix = code[:4]
        else:
            prefix = code
        return self.filter(code__startswith=prefix)

    def provinces(self):
        return self.filter(level=RegionLevel.PROVINCE)


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
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits"),
            models.CheckConstraint(condition=Q(level__in=RegionLevel.values), name="region_level_valid"),
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
        names = [r.name for r in self.ancestors()] + [self.name]
        # A municipality is its own province and city: say it once.
        deduped = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
        return "".join(deduped)


class AgencyManager(models.Manager):
    def get_by_natural_key(self, region_code, name):
        return self.get(region__code=region_code, name=name)


class Agency(models.Model):
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


class Topic(models.Model):
    """An editable taxonomy entry; its keywords also feed jieba's user dictionary."""

    slug = models.SlugField("标识", max_length=64, unique=True)
    name = models.CharField("名称", max_length=64)
    group = models.CharField("类别", max_length=32, blank=True, help_text="如 法治政府、经济社会")
    keywords = models.JSONField("关键词", default=list, blank=True)
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


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "待审"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Period(models.TextChoices):
    ANNUAL = "annual", "年度"
    HALF_YEAR = "half-year", "半年"
    QUARTER = "quarter", "季度"
    OTHER = "other", "其他"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def in_region(self, code):
        return self.filter(region__in=Region.objects.within(code))

    def with_listing(self):
        """What a report list row shows, in one query."""
        return self.select_related("agency", "region", "region__parent", "region__parent__parent")

    def newest_first(self):
        return self.order_by("-year", "-issued_on", "-id")


class ReportManager(models.Manager.from_queryset(ReportQuerySet)):
    def get_by_natural_key(self, content_hash):
        return self.get(content_hash=content_hash)


# Metadata an editor may correct; once edited, re-extract leaves the field alone.
EDITABLE_METADATA = ("title", "agency", "region", "year", "period", "issued_on", "topics")


class Report(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="发布机构", on_delete=models.PROTECT, related_name="reports")
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
    extractor_version = models.CharField("抽取器版本", max_length=32, blank=True, editable=False)
    edited_fields = models.JSONField("编辑改过的字段", default=list, blank=True, editable=False)
    # jieba tokens plus every dictionary word in the text, space separated (see reports/search.py);
    # measures are searched through these. On PostgreSQL also as a position-free tsvector (GIN index).
    search_document = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ReportManager()

    class Meta:
        verbose_name = "报告"
        verbose_name_plural = "报告"
        ordering = ["-year", "-issued_on", "-id"]
        permissions = [
            ("publish_report", "可以发布或撤回报告"),
            ("reextract_report", "可以重新抽取报告"),
        ]
        constraints = [
            # One report per text: ingesting the same content twice must find this row, never add one.
            models.UniqueConstraint(fields=["content_hash"], name="report_unique_content_hash"),
            models.CheckConstraint(condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="report_content_hash_sha256"),
            models.CheckConstraint(condition=Q(year__gte=1949) & Q(year__lte=2100), name="report_year_plausible"),
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

    def get_absolute_url(self):
        return url_for("reports:report-detail", self.pk)


class SectionManager(models.Manager):
    def get_by_natural_key(self, content_hash, start):
        return self.get(report__content_hash=content_hash, start=start)


class Section(models.Model):
    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="sections")
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
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="section_level_range"),
        ]

    def __str__(self):
        return f"{self.number}、{self.heading}" if self.level == 1 else f"（{self.number}）{self.heading}"

    def natural_key(self):
        return (*self.report.natural_key(), self.start)

    natural_key.dependencies = ["reports.report"]

    @property
    def anchor(self):
        return f"s-{self.start}"


class MeasureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(report__status=ReportStatus.PUBLISHED)

    def with_listing(self):
        return self.select_related("report", "report__agency", "report__region", "section")


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_by_natural_key(self, content_hash, start):
        return self.get(report__content_hash=content_hash, start=start)


class Measure(models.Model):
    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="measures")
    section = models.ForeignKey(
        Section, verbose_name="章节", null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    ordinal = models.PositiveSmallIntegerField("序号")
    number = models.CharField("编号", max_length=8, help_text="一是、二是 … 中的数字")
    text = models.TextField("内容")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    topics = models.ManyToManyField(Topic, verbose_name="主题", blank=True, related_name="measures")
    # Denormalised from the report so measure lists filter and sort without a join.
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+")
    # PostgreSQL only: the measure's share of its report's terms, cut by position at ingest; no text copy
    # of them is kept (SQLite searches measures through their report's search_document).
    search_vector = SearchVectorField(null=True, editable=False)

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
        """一是…: the pipeline keeps the 一是 in the text; rows an editor typed may not."""
        text = self.text if limit is None or len(self.text) <= limit else f"{self.text[:limit]}…"
        lead = f"{self.number}是"
        return text if self.text.startswith(lead) else f"{lead}{text}"

    def natural_key(self):
        return (*self.report.natural_key(), self.start)

    natural_key.dependencies = ["reports.report", "reports.section"]

    @property
    def anchor(self):
        return f"m-{self.start}"

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
def _rebuild_search_vector(sender, instance, raw, using, **kwargs):
    # Fixtures carry the terms (search_document) but not the PostgreSQL-only
    # vector, so one fixture serves both backends; derive the vector on load.
    if raw and connections[using].vendor == "postgresql":
        with connections[using].cursor() as cursor:
            cursor.execute(f"UPDATE reports_report SET search_vector = {VECTOR_SQL} WHERE id = %s", [instance.pk])


@receiver(post_save, sender=Measure)
def _rebuild_measure_vector(sender, instance, raw, using, **kwargs):
    # A fixture carries no measure terms: cut the measure's own text (loads are rare; ingest cuts by position).
    if raw and connections[using].vendor == "postgresql":
        from reports.search import index_document

        with connections[using].cursor() as cursor:
            cursor.execute("UPDATE reports_measure SET search_vector = strip(to_tsvector('simple', %s)) WHERE id = %s",
                           [index_document(instance.text), instance.pk])


# The one spelling of the stored vector: the 'simple' parser over the stored terms, without positions.
VECTOR_SQL = "strip(to_tsvector('simple', search_document))"
