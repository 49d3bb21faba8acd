"""Quantitative indicators found in reports, and the dictionary that makes them comparable."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import NoReverseMatch

from indicators.extraction.promises import Bound, Status
from reports.links import url_for
from reports.models import (
    FixtureError,
    Measure,
    Period,
    Region,
    Report,
    ReportStatus,
    Section,
    Topic,
    check_span,
    indicator_anchor,
)
from reports.text.types import Direction as ParsedDirection
from reports.text.types import IndicatorKind
from reports.text.types import Qualifier as ParsedQualifier
from reports.versioning import VersionedModel

# Where a sentence ends in a report; the review queue shows the one holding the number.
SENTENCE_END = re.compile(r"[。；！？\n]")


class IndicatorTypeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class IndicatorType(VersionedModel):
    """One comparable quantity (法律援助案件数), whatever each report calls it."""

    slug = models.SlugField("标识", max_length=80, unique=True)
    name = models.CharField("规范名称", max_length=64, unique=True)
    unit = models.CharField("单位", max_length=16)
    synonyms = models.JSONField("同义说法", default=list, blank=True, help_text="报告里对该指标的各种叫法")
    topic = models.ForeignKey(
        Topic, verbose_name="主题", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicator_types"
    )
    # Whether a figure of this quantity is a level at a moment (律师事务所数, 城镇化率, 人均可支配收入)
    # rather than what happened in a year (新增就业, 生产总值): under a paragraph about five years a
    # level is still the latest value, a flow is the five years' sum and is left untyped.
    stock = models.BooleanField("存量（时点数）", default=False,
                                help_text="时点存量或比率：五年回顾段落里的期末数仍可比；流量（一年内发生的量）在该段落里是多年合计，不归类")
    description = models.TextField("说明", blank=True)

    objects = IndicatorTypeManager()

    class Meta:
        verbose_name = "指标类型"
        verbose_name_plural = "指标类型"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["reports.topic"]

    def get_absolute_url(self):
        return url_for("indicators:type-detail", self.slug)


# The values are the extractor's own (reports/text/types.py); the models add the labels.
class Kind(models.TextChoices):
    VALUE = IndicatorKind.VALUE.value, "数值"
    CHANGE = IndicatorKind.CHANGE.value, "变化"
    TARGET = IndicatorKind.TARGET.value, "目标"


class Direction(models.TextChoices):
    NONE = "", "—"
    UP = ParsedDirection.UP.value, "上升"
    DOWN = ParsedDirection.DOWN.value, "下降"


class Qualifier(models.TextChoices):
    NONE = "", "—"
    OVER = ParsedQualifier.OVER.value, "以上/余"
    ABOUT = ParsedQualifier.ABOUT.value, "约"
    NEARLY = ParsedQualifier.NEARLY.value, "近"
    AT_LEAST = ParsedQualifier.AT_LEAST.value, "不少于"


class ReviewStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "未审核"
    CONFIRMED = "confirmed", "已确认"
    CORRECTED = "corrected", "已更正"
    REJECTED = "rejected", "已驳回"


class Origin(models.TextChoices):
    MACHINE = "machine", "自动抽取"
    EDITOR = "editor", "编辑添加"


# The fields an indicator copies from its report (Indicator.report_fields), for bulk_update.
REPORT_COPIES = ("region", "year", "report_period", "report_published")
# IndicatorQuerySet.public() as an index condition: the partial indexes below serve public pages only.
PUBLIC = Q(report_published=True) & ~Q(review_status=ReviewStatus.REJECTED)


class IndicatorQuerySet(models.QuerySet):
    def public(self):
        """What the public site may show: published reports, never a rejected indicator (no join to reports)."""
        return self.filter(PUBLIC)

    def in_region(self, code):
        return self.filter(region__in=Region.objects.within(code))

    def with_listing(self):
        return self.select_related("report", "report__agency", "region", "topic", "indicator_type")

    def decided(self):
        """Rows an editor has touched; re-extract must keep them."""
        return self.filter(Q(origin=Origin.EDITOR) | ~Q(review_status=ReviewStatus.UNREVIEWED))


class IndicatorManager(models.Manager.from_queryset(IndicatorQuerySet)):
    def get_by_natural_key(self, content_hash, start, end, kind):
        return self.get(report__content_hash=content_hash, start=start, end=end, kind=kind)


class Indicator(VersionedModel):
    # No single-column index on report, indicator_type, topic or region: each leads a composite index
    # below (indicator_unique_span_kind, ind_type_value_idx, ind_topic_year_value_idx,
    # ind_region_year_topic_val_idx), which serves the same look-ups and FK checks — at 5M rows the
    # four copies cost about 140 MB.
    report = models.ForeignKey(
        Report, verbose_name="报告", on_delete=models.CASCADE, related_name="indicators", db_index=False
    )
    section = models.ForeignKey(
        Section, verbose_name="章节", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    measure = models.ForeignKey(
        Measure, verbose_name="举措", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    indicator_type = models.ForeignKey(
        IndicatorType, verbose_name="指标类型", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators", db_index=False,
    )
    topic = models.ForeignKey(
        Topic, verbose_name="主题", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators",
        db_index=False,
    )
    # Denormalised from the report: every public list filters on them (see indexes).
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+",
                               db_index=False)
    year = models.PositiveSmallIntegerField("年度")
    # Denormalised from the report too (report_fields below; reports/services.py keeps them in step): every
    # public indicator query asks "published?" and every chart "which period?" — at 5M rows the join
    # to reports cost the type page a second. Derived per database: neither exported nor compared.
    report_period = models.CharField("报告期间", max_length=16, choices=Period.choices, default=Period.ANNUAL,
                                     editable=False)
    report_published = models.BooleanField("报告已发布", default=False, editable=False)

    name = models.CharField("名称", max_length=128)
    value = models.DecimalField("数值", max_digits=24, decimal_places=6)
    # The value in its indicator type's unit (亿元 → 元 when the type counts 元), so that charts and
    # comparisons across reports read one column; empty while the indicator has no type.
    comparable_value = models.DecimalField("可比数值", max_digits=24, decimal_places=6, null=True, blank=True)
    unit = models.CharField("单位", max_length=16)
    raw = models.CharField("原文", max_length=64)
    qualifier = models.CharField("限定", max_length=16, choices=Qualifier.choices, blank=True, default="")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.VALUE)
    direction = models.CharField("方向", max_length=8, choices=Direction.choices, blank=True, default="")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    confidence = models.FloatField("置信度", default=1.0)
    origin = models.CharField("来源", max_length=16, choices=Origin.choices, default=Origin.MACHINE)

    review_status = models.CharField(
        "审核状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.UNREVIEWED
    )
    # Indexed only where set (ind_reviewed_by_idx): most indicators are never reviewed by hand.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False,
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    editor_note = models.TextField("编辑备注", blank=True)

    objects = IndicatorManager()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["report", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="indicator_end_after_start"),
            models.CheckConstraint(
                condition=(Q(kind=Kind.CHANGE) & Q(direction__in=[Direction.UP, Direction.DOWN]))
                | (~Q(kind=Kind.CHANGE) & Q(direction="")),
                name="indicator_direction_only_on_change",
            ),
            models.UniqueConstraint(fields=["report", "start", "end", "kind"], name="indicator_unique_span_kind"),
            # A decision without a time cannot be shown in the review history or audited.
            models.CheckConstraint(
                condition=Q(review_status=ReviewStatus.UNREVIEWED) | Q(reviewed_at__isnull=False),
                name="indicator_decision_has_time",
            ),
            models.CheckConstraint(condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="indicator_confidence_0_1"),
            # "An indicator span inside its report" spans two tables, which no portable CHECK can
            # express; Indicator.clean(), the ingest service and the fixture check below enforce it.
        ]
        indexes = [
            # Indicator list filtered by region (+ year, topic), largest values first.
            models.Index(fields=["region", "year", "topic", "-value", "-id"], name="ind_region_year_topic_val_idx"),
            # Indicator list filtered by topic (+ year), largest values first.
            models.Index(fields=["topic", "year", "-value", "-id"], name="ind_topic_year_value_idx"),
            # Indicator list filtered by type, by value either way (/indicators/?type=…&sort=value-asc|desc),
            # and its capped count (with a unit too: one unit of one type); it also serves the FK's look-ups.
            models.Index(fields=["indicator_type", "-value", "-id"], name="ind_type_value_idx"),
            # Indicator list filtered by unit, by value either way (/indicators/?unit=件&sort=value-desc), a year,
            # region or topic narrowing within it. Value sorts need a unit or a type (IndicatorFilter), so no
            # index orders all values: the unfiltered and year-only value indexes served nothing (0 scans in
            # the 100k bench) and cost 650 MB there.
            models.Index(fields=["unit", "-value", "-id"], name="ind_unit_value_idx"),
            # Indicator list by default: the newest reports first, each report's numbers in reading order.
            models.Index(fields=["-year", "-report", "start"], name="ind_year_report_start_idx"),
            # Indicator list and API filtered by type, newest first (/api/indicators/?type=…), their capped
            # count, and the types index's coverage (reports and regions per type, index-only).
            models.Index(fields=["indicator_type", "-year", "-report", "start"], include=["region"],
                         condition=PUBLIC & Q(indicator_type__isnull=False), name="ind_type_newest_idx"),
            # Indicator list filtered by type, by comparable value either way (IndicatorFilter.ordering).
            models.Index(F("indicator_type"), Coalesce("comparable_value", "value").desc(), F("id").desc(),
                         condition=PUBLIC & Q(indicator_type__isnull=False), name="ind_type_comparable_idx"),
            # Indicator-type page (indicators/comparison.py): chart families, bars and line leaders of one
            # quantity, index-only; a region subtree or years narrow within it.
            models.Index(fields=["indicator_type", "kind", "report_period", "year"],
                         include=["unit", "region", "comparable_value", "id"],
                         condition=PUBLIC & Q(comparable_value__isnull=False), name="ind_chart_idx"),
            # Review queue: unreviewed first, per report.
            models.Index(fields=["review_status", "report"], name="ind_review_queue_idx"),
            # Admin "未归类的指标名称": untyped indicators grouped by name and unit, reports counted.
            models.Index(fields=["name", "unit", "report"], condition=Q(indicator_type__isnull=True),
                         name="ind_untyped_name_idx"),
            # Review desk: one status (未审核 by default), least certain first, then in reading order.
            models.Index(fields=["review_status", "confidence", "report", "start"], name="ind_review_confidence_idx"),
            # Deleting an account sets its decisions' reviewer to NULL (the FK's look-up by reviewer); the rows
            # no one reviewed, nearly all, are left out.
            models.Index(fields=["reviewed_by"], condition=Q(reviewed_by__isnull=False), name="ind_reviewed_by_idx"),
        ]

    def __str__(self):
        return f"{self.name} {self.raw}"

    @staticmethod
    def report_fields(report) -> dict:
        """What an indicator copies from its report: the one spelling every writer uses."""
        return {"region_id": report.region_id, "year": report.year, "report_period": report.period,
                "report_published": report.status == ReportStatus.PUBLISHED}

    def follow_report(self, report) -> None:
        for name, value in self.report_fields(report).items():
            setattr(self, name, value)

    def natural_key(self):
        return (*self.report.natural_key(), self.start, self.end, self.kind)

    natural_key.dependencies = ["reports.report", "reports.measure", "indicators.indicatortype"]

    @property
    def anchor(self):
        return indicator_anchor(self.start)

    def get_absolute_url(self):
        # By report_id: the review queue lists many indicators and must not load each report.
        return f"{url_for('reports:report-detail', self.report_id)}#{self.anchor}"

    def public_url(self):
        """The anchor in the public report page, or None while the public views are not installed."""
        try:
            return self.get_absolute_url()
        except NoReverseMatch:
            return None

    @property
    def is_decided(self):
        return self.origin == Origin.EDITOR or self.review_status != ReviewStatus.UNREVIEWED

    def context(self, width=60, text=None, offset=0):
        """The sentence holding the number, cut to `width` characters each side: (before, number, after).

        `text` may be a window of the source starting at `offset` (the review
        queue fetches only that window instead of every report's full text).
        """
        if text is None:
            text, offset = self.report.source_text, 0
        start, end = self.start - offset, self.end - offset
        left = max(0, start - width)
        right = min(len(text), end + width)
        ends_before = [m.end() for m in SENTENCE_END.finditer(text, left, start)]
        if ends_before:
            left = ends_before[-1]
        after = SENTENCE_END.search(text, end, right)
        if after:
            right = after.end()
        return text[left:start].lstrip(), text[start:end], text[end:right].rstrip()

    def clean(self):
        super().clean()
        if self.report_id is None or self.start is None or self.end is None:
            return
        length = len(self.report.source_text)
        if not (0 <= self.start < self.end <= length):
            raise ValidationError({"end": f"位置 [{self.start}, {self.end}) 超出报告原文（共 {length} 字）"})
        if self.kind != Kind.CHANGE and self.direction:
            raise ValidationError({"direction": "只有“变化”类指标才有方向"})
        if self.kind == Kind.CHANGE and not self.direction:
            raise ValidationError({"direction": "“变化”类指标须注明上升或下降"})


@receiver(pre_save, sender=Indicator)
def _check_indicator_fixture(sender, instance, raw, **kwargs):
    # See the fixture checks at the end of reports/models.py.
    if not raw:
        return
    label = f"指标“{instance.name} {instance.raw}”"
    check_span(label, instance.report_id, instance.start, instance.end)
    if instance.region_id is None:
        raise FixtureError(f"{label}：行政区划不存在（请先 loaddata regions）")
    # Not in fixtures (derived per database): the report loaded just before says them.
    period, status = Report.objects.filter(pk=instance.report_id).values_list("period", "status").get()
    instance.report_period, instance.report_published = period, status == ReportStatus.PUBLISHED


# The values are the matching rules' own (indicators/extraction/promises.py); the models add the labels.
class PromiseStatus(models.TextChoices):
    MET = Status.MET.value, "已兑现"
    MISSED = Status.MISSED.value, "未兑现"
    NO_OUTCOME = Status.NO_OUTCOME.value, "尚无结果"


class PromiseBound(models.TextChoices):
    AT_LEAST = Bound.AT_LEAST.value, "不低于"
    AT_MOST = Bound.AT_MOST.value, "不高于"
    ABOUT = Bound.ABOUT.value, "左右"


class PromiseQuerySet(models.QuerySet):
    def public(self):
        """Promises whose target stands in a published report (an outcome is shown only if public too)."""
        return self.filter(target__report_published=True).exclude(target__review_status=ReviewStatus.REJECTED)

    def with_listing(self):
        # The year of each side is the indicator's own (copied from its report): no join to reports.
        return self.select_related("indicator_type", "agency", "region", "target", "outcome")

    def of_agency(self, agency_id):
        """An agency's promises, newest target year first (served by promise_agency_year_idx)."""
        return self.public().filter(agency_id=agency_id).order_by("-target_year", "indicator_type__name", "pk")

    def of_type(self, type_id, *, region_code=None, year=None):
        """One quantity's promises across the country (promise_type_year_region_idx)."""
        rows = self.public().filter(indicator_type_id=type_id)
        if region_code:
            rows = rows.filter(region__in=Region.objects.within(region_code))
        if year:
            rows = rows.filter(target_year=year)
        return rows.order_by("-target_year", "region__code", "pk")

    def tally(self):
        """[(status, label, count)] of these promises, in the order of PromiseStatus."""
        counts = dict(self.order_by().values_list("status").annotate(n=models.Count("pk")))
        return [(status, label, counts.get(status, 0)) for status, label in PromiseStatus.choices]


class Promise(models.Model):
    """A target of one report matched with the outcome a later report of the same agency states.

    Rebuilt by `indicators.promises.refresh_agency` whenever the agency's
    published reports change; a match an editor set or cleared (`decided`) is
    kept, and both its indicators are confirmed so that re-extraction keeps them.
    """

    target = models.OneToOneField(Indicator, verbose_name="目标", on_delete=models.CASCADE, related_name="promise")
    # CASCADE, not SET_NULL: a machine outcome replaced by re-extraction takes its match with it, and the
    # refresh that follows every re-extract matches the new one (an editor's outcome is confirmed, so kept).
    outcome = models.ForeignKey(
        Indicator, verbose_name="结果", null=True, blank=True, on_delete=models.CASCADE, related_name="fulfils"
    )
    # Denormalised from the target so agency pages and the nationwide view filter without joins.
    agency = models.ForeignKey("reports.Agency", verbose_name="发布机构", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+")
    indicator_type = models.ForeignKey(IndicatorType, verbose_name="指标类型", on_delete=models.CASCADE,
                                       related_name="promises")
    target_year = models.PositiveSmallIntegerField("目标年度")
    bound = models.CharField("约束", max_length=16, choices=PromiseBound.choices)
    status = models.CharField("兑现情况", max_length=16, choices=PromiseStatus.choices)
    target_sentence = models.TextField("目标原句", blank=True)
    outcome_sentence = models.TextField("结果原句", blank=True)
    decided = models.BooleanField("编辑已确定匹配", default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确定人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("确定时间", null=True, blank=True)

    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = "承诺与兑现"
        verbose_name_plural = "承诺与兑现"
        ordering = ["-target_year", "indicator_type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PromiseStatus.NO_OUTCOME) | Q(outcome__isnull=False),
                name="promise_status_needs_outcome",
            ),
        ]
        indexes = [
            # An agency's promises, newest target year first (agency page, its promises page, the API).
            models.Index(fields=["agency", "-target_year"], name="promise_agency_year_idx"),
            # Nationwide view of one type: which regions met their target in a year.
            models.Index(fields=["indicator_type", "target_year", "region"], name="promise_type_year_region_idx"),
        ]

    def __str__(self):
        return f"{self.agency} {self.target_year} {self.indicator_type.name}"
