"""`manage.py export_reports`: chosen reports as a fixture that `loaddata` reads on any installation.

The fixture uses natural keys only (regions by code, reports by content hash,
sections/measures/indicators by report + offsets), so it loads next to rows
that already exist elsewhere. It carries each report's agency, sections,
measures and indicators; regions, topics and indicator types come from their
own fixtures. Left out on purpose: the search terms and the PostgreSQL search
vector (derived again on load, so one file serves SQLite and PostgreSQL) and
`reviewed_by` (user accounts belong to one installation; the decision and
its time travel).
"""
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from indicators.models import Indicator
from reports.models import Agency, Measure, Region, Report, ReportStatus, Section, is_region_code
from reports.progress import Progress

# version counts saves on one installation; search terms are derived on load (and never serialised);
# an indicator's report_* copies are derived from its report on load.
LEFT_OUT = {"search_document", "search_vector", "reviewed_by", "version", "report_period", "report_published"}


def exported_fields(*models):
    """Every field name of the models but the ones left out (serialize() takes one list for all models)."""
    names = set()
    for model in models:
        names.update(f.name for f in model._meta.get_fields() if getattr(f, "concrete", False) and not f.primary_key)
    return sorted(names - LEFT_OUT)


def select_reports(ids=(), agencies=(), regions=(), years=(), status=None):
    reports = Report.objects.all()
    if ids:
        reports = reports.filter(pk__in=ids)
    if agencies:
        condition = Q()
        for agency in agencies:
            condition |= Q(agency__pk=int(agency)) if agency.isdigit() else Q(agency__name=agency)
        reports = reports.filter(condition)
    if regions:
        condition = Q()
        for code in regions:
            condition |= Q(region__in=Region.objects.within(code))
        reports = reports.filter(condition)
    if years:
        reports = reports.filter(year__in=years)
    if status:
        reports = reports.filter(status=status)
    # Oldest id first: the same archive exports to the same bytes.
    return reports.order_by("pk")


def objects_of(report):
    """The report and what hangs off it, related objects attached so no query runs per row."""
    yield report
    sections = list(report.sections.order_by("start").prefetch_related("topics"))
    by_id = {s.pk: s for s in sections}
    for section in sections:
        section.report = report
        section.parent = by_id.get(section.parent_id)
    yield from sections
    measures = list(report.measures.order_by("start").prefetch_related("topics"))
    measures_by_id = {m.pk: m for m in measures}
    for measure in measures:
        measure.report, measure.section = report, by_id.get(measure.section_id)
    yield from measures
    for indicator in report.indicators.order_by("start", "end", "kind").select_related(
        "region", "topic", "indicator_type"
    ):
        indicator.report = report
        indicator.section = by_id.get(indicator.section_id)
        indicator.measure = measures_by_id.get(indicator.measure_id)
        yield indicator


def stream(reports, progress):
    agency_ids = reports.values_list("agency_id", flat=True).distinct()
    yield from Agency.objects.filter(pk__in=agency_ids).select_related("region").order_by("region__code", "name")
    for report in reports.select_related("agency__region", "region").prefetch_related("topics").iterator(
        chunk_size=20
    ):
        yield from objects_of(report)
        progress.step()


class Command(BaseCommand):
    help = (
        "把选定的报告（及其发布机构、章节、举措、指标）导出为使用自然键的 fixture 文件，"
        "可在另一套安装上用 loaddata 载入（先载入 regions、topics、indicator_types）。"
        "不加筛选条件时导出全部报告。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--id", dest="ids", type=int, action="append", default=[], help="报告 id（可重复）")
        parser.add_argument("--agency", dest="agencies", action="append", default=[],
                            help="发布机构的 id 或全称（可重复）")
        parser.add_argument("--region", dest="regions", action="append", default=[],
                            help="行政区划代码，含其下级区划（可重复）")
        parser.add_argument("--year", dest="years", type=int, action="append", default=[], help="年度（可重复）")
        parser.add_argument("--status", choices=ReportStatus.values, help="只导出该状态的报告")
        parser.add_argument("-o", "--output", help="写入的文件（默认输出到标准输出）")
        parser.add_argument("--dry-run", action="store_true", help="只列出将导出的报告及其章节、举措、指标数量，不写文件")
        parser.add_argument("--indent", type=int, default=1,
                            help="JSON 缩进（默认 1：每个字段一行，便于在 git 中比较；0 表示不缩进）")

    def handle(self, *args, ids, agencies, regions, years, status, output, indent, dry_run, verbosity, **options):
        bad = [code for code in regions if not is_region_code(code)]
        if bad:
            raise CommandError(f"行政区划代码应为 6 位数字：{', '.join(bad)}")
        reports = select_reports(ids, agencies, regions, years, status)
        total = reports.count()
        if total == 0:
            raise CommandError("没有符合条件的报告")
        if dry_run:
            for report in reports.only("pk", "title", "year"):
                self.stdout.write(f"{report.pk}\t{report.year}\t{report.title}\t{report.sections.count()} 节\t"
                                  f"{report.measures.count()} 项举措\t{report.indicators.count()} 个指标")
            self.stdout.write(f"将导出 {total} 篇报告（演练：没有写文件）")
            return
        fields = exported_fields(Agency, Report, Section, Measure, Indicator)
        # No bar while the fixture itself goes to the terminal.
        progress = Progress.for_command(total, self.stderr, verbosity=verbosity, wanted=None if output else False)
        target = Path(output) if output else None
        # Write next to the target and rename, so a failed export never leaves half a fixture behind.
        partial = target.with_name(target.name + ".partial") if target else None
        try:
            with (partial.open("w", encoding="utf-8") if partial else _Unclosed(self.stdout._out)) as out:
                serializers.serialize(
                    "json", stream(reports, progress), stream=out, indent=indent or None, fields=fields,
                    use_natural_foreign_keys=True, use_natural_primary_keys=True,
                )
                out.write("\n")
            if partial:
                partial.replace(target)
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror or exc}") from exc
        finally:
            progress.close()
            if partial and partial.exists():
                partial.unlink()
        if verbosity >= 1 and target:
            self.stderr.write(f"已导出 {total} 篇报告到 {target}")


class _Unclosed:
    """stdout as a context manager that does not close it."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc):
        self.stream.flush()
        return False
