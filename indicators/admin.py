"""The review queue: every extracted number, filtered, corrected in place, confirmed or rejected in bulk."""
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest, Substr
from django.urls import reverse
from django.utils.html import format_html

from indicators.models import Indicator, IndicatorType, ReviewStatus
from reports import services
from reports.admin import HistoryMixin, ProvinceFilter, VersionedAdminMixin, VersionedForm

# Characters of context fetched each side of a number: enough for its sentence, not the whole report.
WINDOW = 80


class DecidedFilter(admin.SimpleListFilter):
    title = "编辑决定"
    parameter_name = "decided"

    def lookups(self, request, model_admin):
        return (("yes", "已有编辑决定（重新抽取时保留）"), ("no", "未经编辑（重新抽取时替换）"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.decided()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.decided().values("pk"))
        return queryset


@admin.register(IndicatorType)
class IndicatorTypeAdmin(VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "unit", "topic", "synonym_list")
    list_filter = ("unit", "topic")
    search_fields = ("name", "slug", "synonyms")
    autocomplete_fields = ("topic",)

    @admin.display(description="同义说法")
    def synonym_list(self, obj):
        return "、".join(obj.synonyms or [])


class IndicatorForm(VersionedForm):
    """Shows 338 rather than 338.000000: the column keeps six places for shares like 0.000125."""

    class Meta:
        model = Indicator
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.initial.get("value")
        if value is not None and hasattr(value, "normalize"):
            # Still a Decimal, so an untouched row does not count as changed.
            self.initial["value"] = Decimal(format(value.normalize(), "f"))


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    form = IndicatorForm

    def get_changelist_form(self, request, **kwargs):
        # The list's quick-correction rows are built apart from `form`; give them the same display.
        kwargs.setdefault("form", IndicatorForm)
        return super().get_changelist_form(request, **kwargs)
    list_display = ("label", "sentence", "name", "value", "unit", "kind", "direction", "review_status",
                    "report_link")
    list_display_links = ("label",)
    list_editable = ("name", "value", "unit", "kind", "direction", "review_status")
    list_filter = ("review_status", DecidedFilter, "kind", "unit", ("topic", admin.RelatedOnlyFieldListFilter),
                   ProvinceFilter, "year", ("report__agency", admin.RelatedOnlyFieldListFilter), "origin")
    search_fields = ("name", "raw")
    list_per_page = 50

    class Media:
        css = {"all": ["css/admin.css"]}
    show_full_result_count = False
    actions = ("confirm", "reject", "reset")
    autocomplete_fields = ("report", "indicator_type", "topic")
    readonly_fields = ("sentence", "public_link", "origin", "confidence", "section", "measure", "region", "year",
                       "reviewed_by", "reviewed_at")
    fieldsets = (
        ("原文", {"fields": ("report", "sentence", "public_link", "section", "measure")}),
        ("指标", {"fields": ("name", "value", "unit", "raw", "qualifier", "kind", "direction", "start", "end",
                             "topic", "indicator_type")}),
        ("审核", {"fields": ("review_status", "editor_note", "reviewed_by", "reviewed_at", "origin", "confidence",
                             "region", "year")}),
    )

    def get_queryset(self, request):
        # Only the window around each number, cut by the database: a page of 50 rows would
        # otherwise fetch up to 50 whole report texts.
        return super().get_queryset(request).select_related(None).annotate(
            window=Substr("report__source_text", Greatest(F("start") - WINDOW + 1, 1), F("end") - F("start") + 2 * WINDOW),
            report_title=F("report__title"),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Moving an indicator to another report would make its offsets point into the wrong text.
        return (*fields, "report") if obj else fields

    @admin.display(description="#", ordering="pk")
    def label(self, obj):
        return f"#{obj.pk}"

    @admin.display(description="所在句子（数字高亮）")
    def sentence(self, obj):
        if obj.pk is None:
            return "—"
        window = getattr(obj, "window", None)
        if window is None:
            before, number, after = obj.context(width=WINDOW)
        else:
            before, number, after = obj.context(width=WINDOW, text=window, offset=max(0, obj.start - WINDOW))
        return format_html('{}<mark class="number">{}</mark>{}', before, number, after)

    @admin.display(description="报告", ordering="report__title")
    def report_link(self, obj):
        title = getattr(obj, "report_title", None) or obj.report.title
        url = reverse("admin:reports_report_change", args=[obj.report_id])
        public = obj.public_url()
        if public:
            return format_html('<a href="{}">{}</a> · <a href="{}" target="_blank">公开页</a>', url, title[:24], public)
        return format_html('<a href="{}">{}</a>', url, title[:24])

    @admin.display(description="在报告中查看")
    def public_link(self, obj):
        url = obj.public_url() if obj.pk else None
        # The public pages are optional to the desk: without them there is nothing to link to yet.
        return format_html('<a href="{}" target="_blank">{}</a>', url, url) if url else "（公开页面尚未启用）"

    def save_model(self, request, obj, form, change):
        before = form.initial.get("review_status")
        services.save_indicator_edit(obj, form.changed_data, user=request.user, adding=not change)
        if change and "review_status" not in form.changed_data and obj.review_status != before:
            obj._history_extra = [
                f"审核状态：{ReviewStatus(before).label} → {ReviewStatus(obj.review_status).label}（改了机器字段，自动标为已更正）"
            ]

    # ---- bulk review

    def _review(self, request, queryset, status, verb):
        with transaction.atomic():
            queryset, stale = self.split_stale(request, queryset)
            self.report_stale(request, stale, "审核状态", ReviewStatus(status).label,
                              lambda i: i.get_review_status_display())
            total = queryset.count()
            previous = services.set_review_status(queryset, status, user=request.user)
        for old, ids in previous.items():
            self.log_bulk(request, Indicator.objects.filter(pk__in=ids).only("pk", "name", "raw"),
                          f"审核状态：{ReviewStatus(old).label} → {ReviewStatus(status).label}（批量操作）")
        changed = sum(len(ids) for ids in previous.values())
        detail = "，".join(f"{len(ids)} 个原为{ReviewStatus(old).label}" for old, ids in previous.items())
        message = f"已{verb} {changed} 个指标" + (f"（{detail}）" if detail else "")
        if total - changed:
            message += f"；{total - changed} 个原已是{ReviewStatus(status).label}，未改动"
        self.message_user(request, message + "。", messages.SUCCESS)

    @admin.action(description="确认所选指标", permissions=["change"])
    def confirm(self, request, queryset):
        self._review(request, queryset, ReviewStatus.CONFIRMED, "确认")

    @admin.action(description="驳回所选指标（不再公开）", permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, ReviewStatus.REJECTED, "驳回")

    @admin.action(description="撤销审核（恢复为未审核，重新抽取时会被替换）", permissions=["change"])
    def reset(self, request, queryset):
        self._review(request, queryset, ReviewStatus.UNREVIEWED, "撤销审核")

