"""The editorial desk for reports: metadata, outline, publishing and re-extract.

Every change goes through `reports.services` (which keeps `edited_fields`,
review stamps and the denormalised region/year right) and is logged as an
admin LogEntry whose message spells out old → new, so the object's history
page answers "who changed what, when, from what".
"""
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from indicators.models import Indicator, ReviewStatus
from reports import services
from reports.lexicon import lexicon_from_db
from reports.models import Agency, Measure, Region, Report, ReportStatus, Section, Topic

EMPTY = "（空）"


# ---------------------------------------------------------------- history: old → new


def describe(form_field, value):
    """A value as the editor saw it in the form: labels for choices, names for related rows."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        objects = [v for v in value if isinstance(v, Model)] or form_field.queryset.filter(pk__in=list(value))
        return "、".join(str(o) for o in objects) or EMPTY
    if isinstance(form_field, forms.ModelChoiceField):
        obj = value if isinstance(value, Model) else form_field.queryset.filter(pk=value).first()
        return str(obj) if obj is not None else EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    choices = getattr(form_field, "choices", None)
    if choices:
        labels = {str(k): v for k, v in choices if not isinstance(v, (list, tuple))}
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value)


def change_lines(form, names=None):
    lines = []
    for name in names if names is not None else form.changed_data:
        field = form.fields.get(name)
        if field is None:
            continue
        old, new = form.initial.get(name), form.cleaned_data.get(name)
        lines.append(f"{field.label}：{describe(field, old)} → {describe(field, new)}")
    return lines


class HistoryMixin:
    """Change messages that carry the old and the new value of every changed field.

    A plain-text message (not Django's JSON) is shown verbatim on the history
    page; fields the service changed on its own (a correction marks the
    indicator 已更正) are appended from `obj._history_extra`.
    """

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return f"新增{self.model._meta.verbose_name}“{form.instance}”"
        lines = change_lines(form) + list(getattr(form.instance, "_history_extra", []))
        for formset in formsets or []:
            for inline_form in formset.forms:
                obj = inline_form.instance
                if obj.pk is None or not inline_form.has_changed() or inline_form in formset.deleted_forms:
                    continue
                details = change_lines(inline_form) + list(getattr(obj, "_history_extra", []))
                if details:
                    lines.append(f"{obj._meta.verbose_name}“{obj}”：" + "，".join(details))
        return "；".join(lines)

    def log_bulk(self, request, objects, message):
        """One history entry per object for a bulk action."""
        if objects:
            LogEntry.objects.log_actions(
                user_id=request.user.pk, queryset=list(objects), action_flag=CHANGE, change_message=message
            )


# ---------------------------------------------------------------- filters


class ProvinceFilter(admin.SimpleListFilter):
    """Province first: a list of every county in the country would be unusable."""

    title = "省份"
    parameter_name = "province"
    region_field = "region"

    def lookups(self, request, model_admin):
        prefixes = {code[:2] for code in Report.objects.values_list("region__code", flat=True).distinct() if code}
        return [(p.code[:2], p.name) for p in Region.objects.provinces().filter(code__in=[f"{x}0000" for x in prefixes])]

    def queryset(self, request, queryset):
        value = self.value()
        if value and len(value) == 2 and value.isdigit():
            return queryset.filter(**{f"{self.region_field}__code__startswith": value})
        return queryset


# ---------------------------------------------------------------- regions, agencies, topics


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "short_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    show_full_result_count = False


@admin.register(Agency)
class AgencyAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name", "region__name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


@admin.register(Topic)
class TopicAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "group", "order")
    list_filter = ("group",)
    search_fields = ("name", "slug")


# ---------------------------------------------------------------- reports


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionInline(ReadOnlyInline):
    model = Section
    fields = readonly_fields = ("level", "number", "heading", "start", "end")
    verbose_name_plural = "章节（自动抽取，只读）"


class MeasureInline(ReadOnlyInline):
    model = Measure
    fields = readonly_fields = ("number", "excerpt", "section", "start", "end")
    verbose_name_plural = "举措（自动抽取，只读）"

    @admin.display(description="内容")
    def excerpt(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")


class IndicatorInline(admin.TabularInline):
    """Machine fields read-only; the review decision and note are editable (saved through the service)."""

    model = Indicator
    extra = 0
    can_delete = False
    fields = ("name", "value", "unit", "raw", "kind", "direction", "origin", "review_status", "editor_note", "edit_link")
    readonly_fields = ("name", "value", "unit", "raw", "kind", "direction", "origin", "edit_link")
    verbose_name_plural = "指标（机器字段只读；审核状态和备注可改，详细更正请点“更正”）"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["editor_note"].widget = forms.TextInput(attrs={"size": 20})
        return formset

    def has_add_permission(self, request, obj=None):
        # An editor adds an indicator on its own page, where the span and the value are entered.
        return False

    @admin.display(description="")
    def edit_link(self, obj):
        if not obj.pk:
            return ""
        return format_html('<a href="{}">更正</a>', reverse("admin:indicators_indicator_change", args=[obj.pk]))


@admin.register(Report)
class ReportAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("title", "agency", "region", "year", "period", "status", "extractor_version", "updated_at")
    list_filter = ("status", ProvinceFilter, "year", "period", "agency__kind",
                   ("agency", admin.RelatedOnlyFieldListFilter), ("region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "agency__name")
    list_select_related = ("agency", "region")
    autocomplete_fields = ("agency", "region")
    filter_horizontal = ("topics",)
    show_full_result_count = False
    readonly_fields = ("title_built", "source_name", "content_hash", "extractor_version", "edited_fields_display",
                       "imported_at", "updated_at", "published_at", "indicator_summary", "source_text_display")
    fieldsets = (
        ("元数据（编辑改过的字段不会被重新抽取覆盖）", {"fields": (
            "title", "title_built", "agency", "region", "year", "period", "issued_on", "topics",
            "edited_fields_display")}),
        ("发布", {"fields": ("status", "published_at", "source_url")}),
        ("来源与抽取", {"fields": ("source_name", "content_hash", "extractor_version", "imported_at", "updated_at",
                                   "indicator_summary")}),
        ("原文", {"fields": ("source_text_display",)}),
    )
    inlines = (SectionInline, MeasureInline, IndicatorInline)
    actions = ("publish", "withdraw", "reextract")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # The list never shows the text; do not ship megabytes of it for 100 rows.
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            qs = qs.defer("source_text", "search_document", "search_vector")
        return qs

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source_url":
            # Government sites are served over https; a bare host typed by an editor should become one.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Reports enter through `manage.py ingest`, which hashes, extracts and indexes them.
        return False

    def has_publish_permission(self, request):
        return request.user.has_perm("reports.publish_report")

    def has_reextract_permission(self, request):
        return request.user.has_perm("reports.reextract_report")

    @admin.display(description="编辑改过的字段")
    def edited_fields_display(self, obj):
        names = {f: str(Report._meta.get_field(f).verbose_name) for f in obj.edited_fields}
        return "、".join(names.values()) or "—"

    @admin.display(description="指标")
    def indicator_summary(self, obj):
        counts = dict(
            (status, obj.indicators.filter(review_status=status).count()) for status in ReviewStatus.values
        )
        parts = [(ReviewStatus(s).label, n) for s, n in counts.items() if n]
        link = f"{reverse('admin:indicators_indicator_changelist')}?report__id__exact={obj.pk}"
        return format_html(
            '{} <a href="{}">在审核队列中查看</a>',
            format_html_join("，", "{} {}", parts) if parts else "无",
            link,
        )

    @admin.display(description="原文")
    def source_text_display(self, obj):
        return format_html(
            '<pre style="white-space:pre-wrap;max-height:32em;overflow:auto;font-size:14px;line-height:1.7">{}</pre>',
            obj.source_text,
        )

    def save_model(self, request, obj, form, change):
        services.save_report_edit(obj, form.changed_data, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Indicator:
            return super().save_formset(request, form, formset, change)
        # Through the service, so a decision is stamped with who and when (and kept on re-extract).
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                indicator = inline_form.save(commit=False)
                before = inline_form.initial.get("review_status")
                services.save_indicator_edit(indicator, inline_form.changed_data, user=request.user)
                if "review_status" not in inline_form.changed_data and indicator.review_status != before:
                    indicator._history_extra = [f"审核状态：{ReviewStatus(before).label} → "
                                                f"{ReviewStatus(indicator.review_status).label}（自动）"]
                # The report's history lists it too (construct_change_message), but the indicator's own
                # history page is where its reviewer looks.
                lines = change_lines(inline_form) + getattr(indicator, "_history_extra", [])
                self.log_bulk(request, [indicator], "；".join(lines) + f"（在报告“{form.instance}”页面）")

    # ---- actions

    def _set_status(self, request, queryset, status):
        old = {pk: s for pk, s in queryset.exclude(status=status).values_list("pk", "status")}
        changed = services.set_report_status(queryset, status)
        for previous in set(old.values()):
            self.log_bulk(
                request,
                Report.objects.filter(pk__in=[pk for pk, s in old.items() if s == previous]).only("pk", "title"),
                f"状态：{ReportStatus(previous).label} → {ReportStatus(status).label}",
            )
        return changed, queryset.count() - changed

    @admin.action(description="发布所选报告", permissions=["publish"])
    def publish(self, request, queryset):
        changed, same = self._set_status(request, queryset, ReportStatus.PUBLISHED)
        self.message_user(request, f"已发布 {changed} 篇报告" + (f"，{same} 篇原已发布，未改动" if same else "。"),
                          messages.SUCCESS)

    @admin.action(description="撤回所选报告（不再公开）", permissions=["publish"])
    def withdraw(self, request, queryset):
        changed, same = self._set_status(request, queryset, ReportStatus.WITHDRAWN)
        self.message_user(request, f"已撤回 {changed} 篇报告" + (f"，{same} 篇原已撤回，未改动" if same else "。"),
                          messages.SUCCESS)

    @admin.action(description="用当前抽取器重新抽取（保留编辑的决定）", permissions=["reextract"])
    def reextract(self, request, queryset):
        done, failed = 0, []
        lexicon = lexicon_from_db()  # the topics and dictionary as editors keep them now, once per batch
        for report in queryset.select_related(None).only("pk", "title", "source_text", "source_name"):
            try:
                result = services.reextract_report(report, lexicon)
            except services.IngestError as exc:
                failed.append(f"《{report.title}》：{exc}")
                continue
            done += 1
            self.log_bulk(request, [report], (
                f"重新抽取（抽取器 {Report.objects.values_list('extractor_version', flat=True).get(pk=report.pk)}）："
                f"{result.sections} 节，{result.measures} 项举措，{result.indicators} 个机器指标，"
                f"保留编辑决定 {result.kept} 项"
            ))
        if done:
            self.message_user(request, f"已重新抽取 {done} 篇报告，编辑的审核结果、补充的指标和改过的元数据均已保留。",
                              messages.SUCCESS)
        if failed:
            self.message_user(request, f"{len(failed)} 篇未能重新抽取（原数据未改动）：" + "；".join(failed),
                              messages.ERROR)

