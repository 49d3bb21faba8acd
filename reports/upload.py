"""上传报告: editors add reports from the browser, through the same path as `manage.py ingest`.

Each file is read (reports/text/formats: text, web page, Word, PDF), extracted and written as a 待审
draft in its own transaction by `ingesting.write` — the command's path, so the same
refusals come back in the same words. A dry run (预览) does everything and rolls each file back.
A file larger than `INGEST_MAX_BYTES` (default 10 MB) is refused unread.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse

from reports import ingesting, services
from reports.ingest_limits import Limits
from reports.models import ReportStatus
from reports.text.formats import SUPPORTED_SUFFIXES

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 50
PERMISSION = "reports.upload_report"


def max_bytes() -> int:
    return Limits.from_settings().max_bytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("请选择至少一个文件。", code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {MAX_FILES} 个文件（本次 {len(files)} 个）。")
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="报告文件",
        help_text="可多选。支持 " + "、".join(SUPPORTED_SUFFIXES) + f"（PDF 须有文字层）；每个文件不超过 "
                  f"{DEFAULT_MAX_BYTES // (1024 * 1024)} MB。",
    )
    dry_run = forms.BooleanField(label="只预览，不保存", required=False,
                                 help_text="照常读取和抽取，显示结果，但不写入数据库。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_bytes()
        self.fields["files"].help_text = (
            "可多选。支持 " + "、".join(SUPPORTED_SUFFIXES) + f"（PDF 须有文字层）；每个文件不超过 {_size(limit)}。"
        )


@dataclass
class FileOutcome:
    name: str
    error: str = ""
    outcome: str = ""  # 新增 / 更新 / 未变
    title: str = ""
    agency: str = ""
    region: str = ""
    year: int | None = None
    format: str = ""
    sections: int = 0
    measures: int = 0
    indicators: int = 0
    report_url: str = ""
    status: str = ""
    near_duplicate_url: str = ""
    near_duplicate_id: int | None = None
    report_id: int | None = None
    similarity: str = ""
    notes: list[str] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)  # values cut to their column, said in Chinese


OUTCOME_LABELS = {services.NEW: "新增", services.UPDATED: "更新", services.UNCHANGED: "未变（已有相同正文）"}


def upload_view(request, admin_site, model_admin):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("没有上传报告的权限")
    outcomes: list[FileOutcome] = []
    dry_run = False
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            outcomes = ingest_uploads(form.cleaned_data["files"], dry_run=dry_run)
            if not dry_run:
                _log(model_admin, request, outcomes)
    else:
        form = UploadForm()
    context = {
        **admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "上传报告",
        "form": form,
        "outcomes": outcomes,
        "dry_run": dry_run,
        "failed": sum(1 for o in outcomes if o.error),
        "changelist_url": reverse("admin:reports_report_changelist"),
    }
    return TemplateResponse(request, "admin/reports/report/upload.html", context)


def ingest_uploads(files, *, dry_run: bool) -> list[FileOutcome]:
    context = ingesting.Context.from_db()
    options = ingesting.Options(dry_run=dry_run)
    return [_one(upload, context, options, context.limits.max_bytes) for upload in files]


def _one(upload, context, options, limit) -> FileOutcome:
    name = upload.name
    out = FileOutcome(name=name)
    if upload.size > limit:
        out.error = f"{name}：文件大小 {_size(upload.size)}，超过上限 {_size(limit)}，未读取"
        return out
    parsed, error = ingesting.parse_upload(upload.read(), name, context)
    if error:
        out.error = error
        return out
    region = parsed.region
    out.title, out.agency, out.year, out.format = parsed.title or "", parsed.agency or "", parsed.year, parsed.format
    if region and region.code:
        # A municipality is its own province and city: name it once.
        names = list(dict.fromkeys(p for p in (region.province, region.city, region.county) if p))
        out.region = f"{''.join(names) or '全国'}（{region.code}）"
    result, error = ingesting.write(parsed, context, options)
    if error:
        out.error = f"{name}：{error}"
        return out
    out.outcome = OUTCOME_LABELS[result.outcome]
    out.title = result.title or out.title
    out.sections, out.measures, out.indicators = result.sections, result.measures, result.indicators
    if result.outcome == services.UNCHANGED:
        out.sections, out.measures, out.indicators = len(parsed.sections), len(parsed.measures), len(parsed.indicators)
    out.status = dict(ReportStatus.choices).get(result.status, result.status)
    if not options.dry_run or result.outcome == services.UNCHANGED:
        out.report_id = result.report_id
        out.report_url = reverse("admin:reports_report_change", args=[result.report_id])
    if result.near_duplicate_of:
        out.near_duplicate_id = result.near_duplicate_of
        out.near_duplicate_url = reverse("admin:reports_report_change", args=[result.near_duplicate_of])
        out.similarity = f"{result.similarity:.1%}" if result.similarity else ""
    out.notes = list(result.skipped)
    out.truncated = list(result.notes)
    return out


def _log(model_admin, request, outcomes) -> None:
    from reports.models import Report

    for outcome in outcomes:
        if outcome.outcome == OUTCOME_LABELS[services.NEW] and outcome.report_id:
            report = Report.objects.only("pk", "title").get(pk=outcome.report_id)
            model_admin.log_addition(request, report, f"上传文件 {outcome.name} 导入（{outcome.format}）")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
