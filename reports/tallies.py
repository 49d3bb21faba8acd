"""The summary tables behind the home page, the coverage matrix and per-topic counts.

`AreaTally` counts published reports and their measures per (area, year), where the area is the
prefecture-level code a region lies in; `TopicTally` per (topic, province, year). Every write that can
change a count refreshes the cells it touches in its own transaction:

- saving or deleting a report (admin, services, fixtures): its old and new (region, year) — signals below;
- a report's topics changing (m2m), a measure saved one by one — signals below;
- `services.set_report_status` (queryset.update sends no signal) and `services.ingest_parsed`
  (bulk_create sends none) call `refresh` themselves.

A refresh recounts its cells from the source tables (served by the report and measure indexes), so it
is exact whatever happened before; `rebuild()` (manage.py refresh_tallies) recounts everything.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum, Value
from django.db.models.functions import Concat, Substr
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from reports.models import Measure, Region, Report, ReportStatus
from reports.summaries.models import AreaTally, TopicTally


def area_of(code: str) -> str:
    return f"{code[:4]}00"


def province_of(code: str) -> str:
    return f"{code[:2]}0000"


def keys_of(reports) -> set[tuple[str, int]]:
    """(region code, year) of each report in a queryset."""
    return set(reports.values_list("region__code", "year"))


def _published_reports(prefix: str, year: int):
    return Report.objects.filter(status=ReportStatus.PUBLISHED, region__code__startswith=prefix, year=year)


def _published_measures(prefix: str, year: int):
    return Measure.objects.filter(
        report__status=ReportStatus.PUBLISHED, report__region__code__startswith=prefix, report__year=year
    )


def refresh(keys: Iterable[tuple[str, int]]) -> None:
    """Recount the cells of these (region code, year) pairs."""
    keys = {(code, year) for code, year in keys if code and year}
    if not keys:
        return
    with transaction.atomic():
        for area, year in sorted({(area_of(c), y) for c, y in keys}):
            prefix = area[:4]
            reports = _published_reports(prefix, year).count()
            measures = _published_measures(prefix, year).count() if reports else 0
            AreaTally.objects.filter(area=area, year=year).delete()
            if reports:
                AreaTally.objects.create(area=area, province=province_of(area), year=year, reports=reports,
                                         measures=measures)
        for province, year in sorted({(province_of(c), y) for c, y in keys}):
            prefix = province[:2]
            counts = {}
            for row in _published_reports(prefix, year).exclude(topics=None).values("topics").annotate(n=Count("id")):
                counts.setdefault(row["topics"], [0, 0])[0] = row["n"]
            for row in _published_measures(prefix, year).exclude(topics=None).values("topics").annotate(n=Count("id")):
                counts.setdefault(row["topics"], [0, 0])[1] = row["n"]
            TopicTally.objects.filter(province=province, year=year).delete()
            TopicTally.objects.bulk_create([
                TopicTally(topic_id=topic, province=province, year=year, reports=r, measures=m)
                for topic, (r, m) in counts.items()
            ])


def rebuild() -> tuple[int, int]:
    """Recount every cell (after a bulk load that bypassed the ORM); returns the rows written.

    Four grouped queries over the whole archive, not one refresh per cell: at 100k reports the
    per-cell path would issue tens of thousands of queries.
    """
    published = Report.objects.filter(status=ReportStatus.PUBLISHED)
    measures = Measure.objects.filter(report__status=ReportStatus.PUBLISHED)
    area = Concat(Substr("region__code", 1, 4), Value("00"))
    m_area = Concat(Substr("report__region__code", 1, 4), Value("00"))
    province = Concat(Substr("region__code", 1, 2), Value("0000"))
    m_province = Concat(Substr("report__region__code", 1, 2), Value("0000"))
    cells = {}
    for row in published.annotate(area=area).values("area", "year").annotate(n=Count("id")):
        cells[(row["area"], row["year"])] = [row["n"], 0]
    for row in measures.annotate(area=m_area).values("area", "report__year").annotate(n=Count("id")):
        cells.setdefault((row["area"], row["report__year"]), [0, 0])[1] = row["n"]
    topics = {}
    for row in published.exclude(topics=None).annotate(province=province).values("topics", "province", "year") \
            .annotate(n=Count("id")):
        topics[(row["topics"], row["province"], row["year"])] = [row["n"], 0]
    for row in measures.exclude(topics=None).annotate(province=m_province) \
            .values("topics", "province", "report__year").annotate(n=Count("id")):
        topics.setdefault((row["topics"], row["province"], row["report__year"]), [0, 0])[1] = row["n"]
    with transaction.atomic():
        AreaTally.objects.all().delete()
        TopicTally.objects.all().delete()
        AreaTally.objects.bulk_create([
            AreaTally(area=a, province=province_of(a), year=y, reports=r, measures=m)
            for (a, y), (r, m) in cells.items() if r
        ], batch_size=1000)
        TopicTally.objects.bulk_create([
            TopicTally(topic_id=t, province=p, year=y, reports=r, measures=m) for (t, p, y), (r, m) in topics.items()
        ], batch_size=1000)
    return AreaTally.objects.count(), TopicTally.objects.count()


# ---------------------------------------------------------------- what the pages read


def by_year() -> list[dict]:
    return list(AreaTally.objects.values("year").annotate(n=Sum("reports")).order_by("-year"))


def by_province() -> list[dict]:
    counts = dict(AreaTally.objects.values_list("province").annotate(n=Sum("reports")))
    return [
        {"code": r.code, "name": r.name, "n": counts[r.code]}
        for r in Region.objects.filter(code__in=counts).only("code", "name").order_by("code")
    ]


def topic_counts(*, year: int | None = None, province: str | None = None) -> list[dict]:
    """Per topic (taxonomy order): {"slug", "name", "reports", "measures"}, topics with a published report or measure.

    `province`: a province code (`330000`); `year`: one year. Reads TopicTally only.
    """
    rows = TopicTally.objects.all()
    if year is not None:
        rows = rows.filter(year=year)
    if province is not None:
        rows = rows.filter(province=province_of(province))
    return list(
        rows.values("topic__slug", "topic__name", "topic__order")
        .annotate(reports=Sum("reports"), measures=Sum("measures"))
        .order_by("topic__order", "topic__slug")
        .values("topic__slug", "topic__name", "reports", "measures")
    )


def coverage_cells(parent_code: str | None = None) -> list[tuple[str, int, int]]:
    """(row code, year, reports): provinces, or the areas of one province."""
    if parent_code:
        rows = AreaTally.objects.filter(province=province_of(parent_code)).values_list("area", "year", "reports")
        return list(rows)
    return list(AreaTally.objects.values_list("province", "year").annotate(n=Sum("reports")))


# ---------------------------------------------------------------- keeping them fresh


# Receivers run inside the caller's transaction: the counts change together with the rows they count.
# Measure topics are written only by services.ingest_parsed, which refreshes; a receiver on their
# through table would stop Django from fast-deleting those links when re-extract replaces measures.


@receiver(pre_save, sender=Report)
def _remember_old_key(sender, instance, raw, using, **kwargs):
    instance._tally_old = None
    if instance.pk is not None:
        instance._tally_old = (
            Report.objects.using(using).filter(pk=instance.pk).values_list("region__code", "year", "status").first()
        )


@receiver(post_save, sender=Report)
def _report_saved(sender, instance, raw, **kwargs):
    old = getattr(instance, "_tally_old", None)
    keys = set()
    if old and old[2] == ReportStatus.PUBLISHED:
        keys.add(old[:2])
    if instance.status == ReportStatus.PUBLISHED:
        keys.add((Region.objects.filter(pk=instance.region_id).values_list("code", flat=True).first(), instance.year))
    refresh(keys)


@receiver(post_delete, sender=Report)
def _report_deleted(sender, instance, **kwargs):
    if instance.status == ReportStatus.PUBLISHED:
        refresh({(Region.objects.filter(pk=instance.region_id).values_list("code", flat=True).first(), instance.year)})


@receiver(m2m_changed, sender=Report.topics.through)
def _report_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # topic.reports.add(...): the reports are in pk_set
        refresh(keys_of(Report.objects.filter(pk__in=pk_set or (), status=ReportStatus.PUBLISHED)))
    elif instance.status == ReportStatus.PUBLISHED:
        refresh(keys_of(Report.objects.filter(pk=instance.pk)))


@receiver(post_save, sender=Measure)
def _measure_saved(sender, instance, raw, **kwargs):
    refresh(keys_of(Report.objects.filter(pk=instance.report_id, status=ReportStatus.PUBLISHED)))
