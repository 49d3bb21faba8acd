"""The review queue: every extracted number, filtered, corrected in place, confirmed or rejected in bulk."""
import copy
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest, Substr
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.html import format_html

from indicators.admin_untyped import UntypedNamesAdmin
from indicators.extraction.dictionary import UNIT_FAMILIES, unit_family
from indicators.formatting import indicator_value, plain
from indicators.models import Direction, Indicator, IndicatorType, ReviewStatus
from reports import services
from reports.admin import HistoryMixin, ProvinceFilter, VersionedAdminMixin, VersionedForm

# Characters of context fetched each side of a number: enough for its sentence, not the whole report.
WINDOW = 80
# The list shows less of it, so that a row stays two or three lines high (the change page shows it all).
LIST_WINDOW = 22


class ReviewStatusFilter(admin.SimpleListFilter):
    """审核状态, opening on 未审核: the queue is for what nobody has looked at yet.

    The list itself redirects a bare visit to `?review_status__exact=unreviewed` (so the URL says
    what is shown and POSTs see the same rows); 全部 is the explicit value `all`.
    """

    title = "审核状态"
    parameter_name = "review_status__exact"

    def lookups(self, request, model_admin):
        return [("all", "全部"), *ReviewStatus.choices]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {"selected": self.value() == value or (value == "all" and self.value() is None),
                   "query_string": changelist.get_query_string({self.parameter_name: value}),
                   "display": label}

    def queryset(self, request, queryset):
        if self.value() in ReviewStatus.values:
            return queryset.filter(review_status=self.value())
        return queryset


class ConfidenceFilter(admin.SimpleListFilter):
    """The extractor's own certainty: the doubtful numbers are where an editor's minute counts most."""

    title = "置信度"
    parameter_name = "confidence"
    BANDS = {"low": ("低（< 0.7）", 0, 0.7), "mid": ("中（0.7–0.9）", 0.7, 0.9), "high": ("高（≥ 0.9）", 0.9, 1.01)}

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        if self.value() in self.BANDS:
            _, low, high = self.BANDS[self.value()]
            return queryset.filter(confidence__gte=low, confidence__lt=high)
        return queryset


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
class IndicatorTypeAdmin(UntypedNamesAdmin, VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "unit", "unit_family", "stock", "topic", "synonym_list")
    list_filter = ("unit", "stock", "topic")
    search_fields = ("name", "slug", "synonyms")
    autocomplete_fields = ("topic",)

    @admin.display(description="同义说法")
    def synonym_list(self, obj):
        return "、".join(obj.synonyms or [])

    @admin.display(description="单位族（可换算的单位）")
    def unit_family(self, obj):
        members = UNIT_FAMILIES.get(unit_family(obj.unit) or "", {})
        return "、".join(members) if members else obj.unit

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "unit" in form.changed_data:
            count = services.recompute_comparable_values(obj)
            self.message_user(request, f"单位已改为“{obj.unit}”：重新换算了 {count} 条指标的可比数值。")


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
            self.initial["value"] = Decimal(plain(value))


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    form = IndicatorForm

    # Compact and complete at 1280 px (static/css/admin.css): kind and direction are shown in the # column
    # and corrected on the change page; the type is set from the list. 读作 (the value as the site writes it)
    # is on the change page: a sixth column of figures made rows twice as tall.
    list_display = ("label", "sentence", "name", "value", "unit", "indicator_type", "review_status", "report_link")
    list_display_links = ("label",)
    list_editable = ("name", "value", "unit", "indicator_type", "review_status")
    list_filter = (ReviewStatusFilter, ConfidenceFilter, DecidedFilter, "kind", "unit",
                   ("topic", admin.RelatedOnlyFieldListFilter), ProvinceFilter, "year",
                   ("report__agency", admin.RelatedOnlyFieldListFilter), "origin")
    search_fields = ("name", "raw")
    list_per_page = 50
    # Least certain first (index ind_review_confidence_idx), then in reading order.
    ordering = ("confidence", "report", "start")
    change_form_template = "admin/indicators/indicator/review_change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/review.js"]
    show_full_result_count = False
    actions = ("confirm", "reject", "reset")
    autocomplete_fields = ("report", "indicator_type", "topic")
    readonly_fields = ("sentence", "public_link", "origin", "confidence", "section", "measure", "region", "year",
                       "reviewed_by", "reviewed_at", "comparable_value", "readable")
    fieldsets = (
        ("原文", {"fields": ("report", "sentence", "public_link", "section", "measure")}),
        ("指标", {"fields": ("name", "value", "readable", "unit", "raw", "qualifier", "kind", "direction", "start", "end",
                             "topic", "indicator_type", "comparable_value")}),
        ("审核", {"fields": ("review_status", "editor_note", "reviewed_by", "reviewed_at", "origin", "confidence",
                             "region", "year")}),
    )

    def get_queryset(self, request):
        # Only the window around each number, cut by the database: a page of 50 rows would
        # otherwise fetch up to 50 whole report texts.
        queryset = super().get_queryset(request).select_related(None).select_related("indicator_type")
        if not (request.resolver_match and request.resolver_match.url_name.endswith("changelist")):
            return queryset  # one indicator's page reads its sentence whole
        return queryset.annotate(
            window=Substr("report__source_text", Greatest(F("start") - WINDOW + 1, 1), F("end") - F("start") + 2 * WINDOW),
            report_title=F("report__title"),
        )

    def get_changelist_form(self, request, **kwargs):
        # The list's quick-correction rows are built apart from `form`; give them the same display.
        kwargs.setdefault("form", IndicatorForm)
        form = super().get_changelist_form(request, **kwargs)
        # One query for the type choices of the whole page, not one per row: a plain select
        # (type-ahead works in it) sharing one list; the change page keeps the autocomplete.
        types = [("", "---------"), *((pk, f"{name}（{unit}）") for pk, name, unit in
                                       IndicatorType.objects.order_by("name").values_list("pk", "name", "unit"))]

        class ListRowForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["indicator_type"].widget = forms.Select(choices=types)

        return ListRowForm

    # ---- the review flow: open on 未审核, save and go to the next one

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?{ReviewStatusFilter.parameter_name}={ReviewStatus.UNREVIEWED}")
        return super().changelist_view(request, extra_context)

    def next_unreviewed(self, request, after):
        """The pk of the next unreviewed indicator in the queue's order, within the filters the editor came from."""
        filters = QueryDict(request.GET.get("_changelist_filters", ""), mutable=True)
        filters[ReviewStatusFilter.parameter_name] = ReviewStatus.UNREVIEWED
        for key in ("p", "o", "e"):
            filters.pop(key, None)
        listing = copy.copy(request)
        listing.GET = filters
        try:
            queryset = self.get_changelist_instance(listing).get_queryset(listing)
        except (IncorrectLookupParameters, DisallowedModelAdminLookup):
            queryset = self.get_queryset(request).filter(review_status=ReviewStatus.UNREVIEWED)
        queryset = queryset.exclude(pk=after.pk).order_by("confidence", "report", "start", "pk")
        ahead = queryset.filter(Q(confidence__gt=after.confidence) | Q(confidence=after.confidence, pk__gt=after.pk))
        return ahead.values_list("pk", flat=True).first() or queryset.values_list("pk", flat=True).first()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        current = self.get_object(request, object_id)
        if current is not None:
            following = self.next_unreviewed(request, current)
            extra_context["next_unreviewed_url"] = self._review_url(request, following) if following else ""
        return super().change_view(request, object_id, form_url, extra_context)

    def _review_url(self, request, pk):
        url = reverse("admin:indicators_indicator_change", args=[pk])
        filters = request.GET.get("_changelist_filters")
        return f"{url}?{urlencode({'_changelist_filters': filters})}" if filters else url

    def response_change(self, request, obj):
        if "_savenext" not in request.POST:
            return super().response_change(request, obj)
        following = self.next_unreviewed(request, obj)
        self.message_user(request, format_html(
            "已保存指标“{}”（{}）。{}", obj, obj.get_review_status_display(),
            "下面是下一条未审核的指标。" if following else "这一范围内已没有未审核的指标。"), messages.SUCCESS)
        if following:
            return HttpResponseRedirect(self._review_url(request, following))
        changelist = reverse("admin:indicators_indicator_changelist")
        filters = request.GET.get("_changelist_filters")
        return HttpResponseRedirect(f"{changelist}?{filters}" if filters else changelist)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Moving an indicator to another report would make its offsets point into the wrong text.
        return (*fields, "report") if obj else fields

    @admin.display(description="#", ordering="confidence")
    def label(self, obj):
        kind = obj.get_kind_display() + {Direction.UP: "↑", Direction.DOWN: "↓"}.get(obj.direction, "")
        doubt = " doubtful" if obj.confidence < 0.7 else ""
        return format_html('#{}<span class="meta">{} <span class="confidence{}" title="置信度">{}</span></span>',
                           obj.pk, kind, doubt, f"{obj.confidence:.2f}")

    @admin.display(description="读作")
    def readable(self, obj):
        # The stored number as the site shows it: a 10000× slip (23460000000 元 for 234.6万元) stands out.
        return indicator_value(obj)

    @admin.display(description="所在句子（数字高亮）")
    def sentence(self, obj):
        if obj.pk is None:
            return "—"
        window = getattr(obj, "window", None)
        if window is None:
            before, number, after = obj.context(width=WINDOW)
        else:
            before, number, after = obj.context(width=WINDOW, text=window, offset=max(0, obj.start - WINDOW))
            # In the list, a few words either side: the sentence, not the paragraph.
            if len(before) > LIST_WINDOW:
                before = "…" + before[-LIST_WINDOW:]
            if len(after) > LIST_WINDOW:
                after = after[:LIST_WINDOW] + "…"
        return format_html('{}<mark class="number">{}</mark>{}', before, number, after)

    @admin.display(description="报告", ordering="report__title")
    def report_link(self, obj):
        title = getattr(obj, "report_title", None) or obj.report.title
        url = reverse("admin:reports_report_change", args=[obj.report_id])
        public = obj.public_url()
        short = title if len(title) <= 13 else title[:12] + "…"
        if public:
            return format_html('<a href="{}" title="{}">{}</a> <a class="public" href="{}" target="_blank" '
                               'title="在公开页面查看（新窗口）" aria-label="公开页">↗</a>', url, title, short, public)
        return format_html('<a href="{}" title="{}">{}</a>', url, title, short)

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


# Promises kept: matches an editor can correct (indicators/promise_admin.py).
from indicators import promise_admin  # noqa: E402,F401
