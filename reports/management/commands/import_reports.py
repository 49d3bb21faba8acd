"""`manage.py import_reports FILE [--update]`: an `export_reports` file applied report by report.

`loaddata` refuses to overwrite anything; this is the deliberate way to bring an archive up to date
from another installation. Each report is one transaction: new reports are loaded as they are, reports
already here with the same content are left alone, and a report here whose content differs is
refused unless `--update`, which applies the file and keeps every editor decision exactly as
re-extract does (`services.update_from_fixture`).
"""
import json
from collections import Counter

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from reports import services
from reports.models import Agency, FixtureError, Region, Report, content_hash_of, fixture_differences

CHILDREN = {"reports.section": "sections", "reports.measure": "measures", "indicators.indicator": "indicators"}


def natural(obj):
    """The identity of a fixture object, as export_reports writes it."""
    model, f = obj["model"], obj["fields"]
    if model == "reports.agency":
        return model, tuple(f["region"]), f["name"]
    if model == "reports.report":
        return model, f["content_hash"]
    if model == "indicators.indicator":
        return model, f["report"][0], f["start"], f["end"], f["kind"]
    return model, f["report"][0], f["start"]


def group(objects):
    """(agencies, {content_hash: {"report": fields, "sections": [...], ...}}) in file order."""
    agencies, reports = [], {}
    for obj in objects:
        if obj.get("model") == "reports.agency":
            agencies.append(obj)
        elif obj.get("model") == "reports.report":
            reports[obj["fields"]["content_hash"]] = {"object": obj, "sections": [], "measures": [], "indicators": []}
        elif obj.get("model") in CHILDREN:
            owner = reports.get(obj["fields"]["report"][0])
            if owner is None:
                raise CommandError(f"{obj['model']} 的所属报告 {obj['fields']['report'][0][:12]}… 不在文件中（或在它之后）")
            owner[CHILDREN[obj["model"]]].append(obj)
        else:
            raise CommandError(f"import_reports 只读 export_reports 的文件，不认识 {obj.get('model')!r}")
    return agencies, reports


class Command(BaseCommand):
    help = (
        "导入 export_reports 导出的报告文件，每篇报告一个事务：新报告照原样载入，内容相同的跳过；"
        "已有报告内容不同时默认拒绝，加 --update 则更新并保留编辑的决定（与重新抽取相同）。"
        "有任何报告失败时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="export_reports 生成的 JSON 文件")
        parser.add_argument("--update", action="store_true",
                            help="已有报告内容不同时更新它：编辑审核过、补充的指标和改过的元数据保持不变")
        parser.add_argument("--dry-run", action="store_true", help="照常检查和写入，但每篇报告的事务都回滚")

    def handle(self, *args, file, update, dry_run, verbosity, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                objects = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 {file}：{exc}") from exc
        agencies, reports = group(objects)
        repeated = [key for key, n in Counter(natural(o) for o in objects).items() if n > 1]
        if repeated:
            raise CommandError("文件中有对象出现了两次（后一个会覆盖前一个），什么也没有导入：" +
                               "；".join(" ".join(map(str, key)) for key in repeated[:10]))
        counts, failures = Counter(), []
        self._agencies(agencies, dry_run, failures)
        types = services.TypeDictionary()
        for digest, parts in reports.items():
            title = parts["object"]["fields"].get("title", digest[:12])
            try:
                with transaction.atomic():
                    outcome = self._one(digest, parts, update, types)
                    if dry_run:
                        transaction.set_rollback(True)
                counts[outcome] += 1
                if verbosity >= 2:
                    self.stdout.write(f"{ {'new': '新增', 'updated': '更新', 'unchanged': '未变'}[outcome]} {title}")
            except (services.IngestError, FixtureError, DatabaseError, ValueError, KeyError) as exc:
                failures.append((title, str(exc)))
        for title, reason in failures:
            self.stderr.write(f"失败 《{title}》：{reason}")
        note = "（演练：没有写入数据库）" if dry_run else ""
        self.stdout.write(f"新增 {counts['new']} · 更新 {counts['updated']} · 未变 {counts['unchanged']} · "
                          f"失败 {len(failures)}{note}")
        if failures:
            raise CommandError(f"{len(failures)} 篇报告导入失败（它们的数据未改动）", returncode=1)

    def _agencies(self, agencies, dry_run, failures):
        # An agency already here stays as its editors keep it; a missing one is created.
        for obj in agencies:
            f = obj["fields"]
            region = Region.objects.filter(code=f["region"][0]).first()
            if region is None:
                failures.append((f["name"], f"行政区划 {f['region'][0]} 不存在（请先 loaddata regions）"))
            elif not dry_run:
                Agency.objects.get_or_create(region=region, name=f["name"], defaults={"kind": f.get("kind", "")})

    def _one(self, digest, parts, update, types):
        fields = parts["object"]["fields"]
        if content_hash_of(fields.get("source_text", "")) != digest:
            raise FixtureError(f"内容哈希 {digest[:12]}… 与原文不符")
        local = Report.objects.select_for_update().filter(content_hash=digest).first()
        children = parts["sections"] + parts["measures"] + parts["indicators"]
        if local is None:
            for obj in serializers.deserialize("python", [parts["object"], *children]):
                obj.save()
            return services.NEW
        differences = self._differences(local, parts, children)
        if not differences:
            return services.UNCHANGED
        if not update:
            raise FixtureError("已存在且内容不同（" + "；".join(differences[:5]) + "），未改动；加 --update 更新（保留编辑的决定）")
        services.update_from_fixture(local, fields, [o["fields"] for o in parts["sections"]],
                                     [o["fields"] for o in parts["measures"]],
                                     [o["fields"] for o in parts["indicators"]], types=types)
        return services.UPDATED

    @staticmethod
    def _differences(local, parts, children):
        found = []
        stored = {"sections": local.sections.count(), "measures": local.measures.count(),
                  "indicators": local.indicators.count()}
        for name, n in stored.items():
            if n != len(parts[name]):
                found.append(f"{name}：现存 {n} 个，文件 {len(parts[name])} 个")
        topics = {key[0] for key in parts["object"]["fields"].get("topics", [])}
        if topics != set(local.topics.values_list("slug", flat=True)):
            found.append("主题不同")
        for obj in serializers.deserialize("python", [parts["object"], *children]):
            diff = fixture_differences(obj.object)
            if diff is None:
                found.append(f"{obj.object._meta.verbose_name}“{obj.object}”：现存没有")
            elif diff:
                found.append(f"{obj.object._meta.verbose_name}“{obj.object}”：" +
                             "，".join(f"{label} 现存 {old}，文件 {new}" for label, old, new in diff[:3]))
        return found
