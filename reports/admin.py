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
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from indicators.formatting import plain
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
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return "、".join(value)  # a keyword list as an editor reads it, not a Python repr
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return plain(value)
    choices = getattr(form_field, "choices", None)
    if choices:
        labels = {str(k): v for k, v in choices if not isinstance(v, (list, tuple))}
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value)


def saved_value(form, name):
    """What the database holds now for a form field: the saved instance, not what was typed.

    A service may change a value on its way in (a correction of 未审核 becomes 已更正);
    the history must state what was written.
    """
    try:
        model_field = form.instance._meta.get_field(name)
    except FieldDoesNotExist:
        return form.cleaned_data.get(name)
    if model_field.many_to_many or not model_field.concrete:
        return form.cleaned_data.get(name)
    return getattr(form.instance, model_field.name)


def change_lines(form, names=None):
    lines = []
    for name in names if names is not None else form.changed_data:
        field = form.fields.get(name)
        if field is None or name == "version":
            continue
        old, new = describe(field, form.initial.get(name)), describe(field, saved_value(form, name))
        if old != new:
            lines.append(f"{field.label}：{old} → {new}")
    return lines


# ---------------------------------------------------------------- optimistic concurrency


def last_change(obj):
    """(who, when) of the latest admin history entry for a row, for the conflict message."""
    entry = (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))
             .select_related("user").order_by("-action_time").first())
    return (entry.user.get_username(), entry.action_time) if entry else (None, None)


def conflict_message(obj, expected, current, differences):
    who, when = last_change(current)
    by = f"（最近一次由 {who} 于 {timezone.localtime(when):%Y-%m-%d %H:%M:%S} 修改）" if who else ""
    lines = "；".join(f"{label}：您提交的是 {mine}，数据库现存 {stored}" for label, mine, stored in differences)
    return (f"保存冲突：您打开{obj._meta.verbose_name}“{current}”之后，它已被别人修改{by}"
            f"（您载入的版本 {expected}，现存版本 {current.version}）。您的修改没有保存，其他内容也未改动。"
            + (f"两边不同的字段——{lines}。" if lines else "")
            + "请核对：若仍要以您的值为准，再次点击保存即可。")


class VersionedForm(forms.ModelForm):
    """Carries the version the editor loaded; saving an older version is refused with both values shown.

    The change page and inline rows send it as the hidden field `version`; list rows and bulk
    actions send `_version_<pk>` (templates/admin/change_list_results.html).
    """

    version = forms.IntegerField(label="版本", widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_version = self.instance.version
        if self.instance.pk is not None:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        # The submitted version is what the editor saw, never what is written: the save is
        # checked against the version read under lock in clean().
        self.instance.version = self._stored_version

    def submitted_version(self):
        version = self.cleaned_data.get("version")
        if version is None and self.instance.pk is not None:
            raw = str(self.data.get(f"_version_{self.instance.pk}", ""))
            version = int(raw) if raw.isdigit() else None
        return version

    def has_changed(self):
        # A newer version alone is not an edit: only the fields the editor sees count.
        return bool([name for name in self.changed_data if name != "version"])

    def clean(self):
        cleaned = super().clean()
        expected = self.submitted_version()
        if self.instance.pk is None or expected is None:
            return cleaned
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(router.db_for_write(type(self.instance))).in_atomic_block:
            rows = rows.select_for_update()  # held until the admin's transaction ends: nobody slips in between
        current = rows.first()
        if current is None:
            raise ValidationError("这条记录在您打开之后已被删除，无法保存。")
        if current.version != expected and self.has_changed():
            stored = model_to_dict(current, fields=[n for n in self.fields if n != "version"])
            differences = []
            for name, field in self.fields.items():
                if name == "version" or name not in stored:
                    continue
                mine, theirs = describe(field, cleaned.get(name)), describe(field, stored[name])
                if mine != theirs:
                    differences.append((field.label, mine, theirs))
            # The page comes back with the editor's values and the stored version: saving again is deliberate.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current.version
            self.data[f"_version_{current.pk}"] = current.version
            raise ValidationError(conflict_message(self.instance, expected, current, differences), code="conflict")
        self._stored_version = current.version
        return cleaned


class VersionedAdminMixin:
    """Every save checked against the version the editor loaded (form, list edit, inline, actions)."""

    form = VersionedForm

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", self.form)
        return super().get_changelist_form(request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any("version" in (opts.get("fields") or ()) for _, opts in fieldsets):
            return fieldsets
        # The hidden version travels with the form (a hidden row in the first fieldset).
        (name, opts), *rest = fieldsets
        return [(name, {**opts, "fields": (*opts["fields"], "version")}), *rest]

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" in request.POST:
            # List editing: validation (which locks the rows it checks) and saving in one transaction.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        return super().changelist_view(request, extra_context)

    def split_stale(self, request, queryset):
        """(rows still as the editor saw them, rows changed since): by the `_version_<pk>` of the list page.

        Rows without a submitted version (select all across pages) were never seen, so they count as fresh.
        """
        seen = {}
        for key, value in request.POST.items():
            if key.startswith("_version_") and value.isdigit() and key[9:].isdigit():
                seen[int(key[9:])] = int(value)
        # of=self: the admin's queryset may join nullable relations, which PostgreSQL cannot lock.
        stale = [obj for obj in queryset.filter(pk__in=list(seen)).select_for_update(of=("self",))
                 if obj.version != seen[obj.pk]]
        return queryset.exclude(pk__in=[o.pk for o in stale]), stale

    def report_stale(self, request, stale, label, wanted, stored):
        """Say which selected rows were left alone because they changed after the list was loaded."""
        if not stale:
            return
        names = "；".join(f"“{obj}”（{label}：您要设为 {wanted}，数据库现存 {stored(obj)}）" for obj in stale[:20])
        more = f" 等 {len(stale)} 项" if len(stale) > 20 else ""
        self.message_user(request, f"保存冲突：{len(stale)} 个{self.model._meta.verbose_name}在您载入列表之后已被别人修改，"
                          f"本次未改动：{names}{more}。请刷新列表核对后再操作。", messages.WARNING)


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
        return [(p.code[:2], p.name) for p in Region.objects.top_level().filter(code__in=[f"{x}0000" for x in prefixes])]

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
class AgencyAdmin(VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name", "region__name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


@admin.register(Topic)
class TopicAdmin(VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    """The taxonomy extraction receives: keywords edited here apply to the next ingest or 重新抽取."""

    list_display = ("name", "slug", "group", "order", "keyword_count")
    list_filter = ("group",)
    search_fields = ("name", "slug", "description")
    fields = ("name", "slug", "group", "order", "description", "keywords")

    @admin.display(description="关键词数")
    def keyword_count(self, obj):
        return len(obj.keywords or [])


@admin.register(Measure)
class MeasureAdmin(HistoryMixin, admin.ModelAdmin):
    """Correcting a measure's topics: the only editable field, kept through every re-extract."""

    list_display = ("excerpt", "report", "year", "region", "kind", "topic_names", "topics_edited")
    list_filter = ("topics_edited", "kind", "topics", "year", ProvinceFilter)
    search_fields = ("text", "report__title")
    list_select_related = ("report", "region")
    show_full_result_count = False
    filter_horizontal = ("topics",)
    fields = ("report", "section", "kind", "marker", "text", "start", "end", "topics", "evidence_display",
              "topics_edited")
    readonly_fields = ("report", "section", "kind", "marker", "text", "start", "end", "evidence_display",
                       "topics_edited")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector").prefetch_related("topics")

    def has_add_permission(self, request):
        return False  # measures come from extraction

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="内容")
    def excerpt(self, obj):
        return obj.label(40)

    @admin.display(description="主题")
    def topic_names(self, obj):
        return "、".join(t.name for t in obj.topics.all()) or "—"

    @admin.display(description="机器给出主题的依据")
    def evidence_display(self, obj):
        evidence = obj.topic_evidence or []
        if not evidence:
            return "—"
        names = dict(Topic.objects.filter(slug__in=[slug for slug, _ in evidence]).values_list("slug", "name"))
        return format_html_join(
            "", "<p><strong>{}</strong>：{}</p>",
            ((names.get(slug, slug), "、".join(words)) for slug, words in evidence),
        )

    def save_model(self, request, obj, form, change):
        pass  # nothing but the topics is editable; they are saved in save_related through the service

    def save_related(self, request, form, formsets, change):
        services.save_measure_topics(form.instance, form.cleaned_data["topics"])
        if "topics" in form.changed_data:
            form.instance._history_extra = ["主题由编辑确定：重新抽取时保留"]


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
    fields = readonly_fields = ("kind", "excerpt", "section", "start", "topic_names", "edit_link")
    verbose_name_plural = "举措（自动抽取，只读；主题可点“改主题”更正，重新抽取时保留）"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="内容")
    def excerpt(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description="主题")
    def topic_names(self, obj):
        names = "、".join(t.name for t in obj.topics.all()) or "—"
        return f"{names}（编辑）" if obj.topics_edited else names

    @admin.display(description="")
    def edit_link(self, obj):
        if not obj.pk:
            return ""
        return format_html('<a href="{}">改主题</a>', reverse("admin:reports_measure_change", args=[obj.pk]))


class IndicatorInline(admin.TabularInline):
    """Machine fields read-only; the review decision and note are editable (saved through the service)."""

    model = Indicator
    form = VersionedForm
    extra = 0
    can_delete = False
    fields = ("name", "value", "unit", "raw", "kind", "direction", "origin", "review_status", "editor_note", "edit_link",
              "version")
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


class NearDuplicateFilter(admin.SimpleListFilter):
    title = "疑似重复"
    parameter_name = "near_duplicate"

    def lookups(self, request, model_admin):
        return (("yes", "疑似重复"), ("no", "无"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(near_duplicate_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(near_duplicate_of__isnull=True)
        return queryset


@admin.register(Report)
class ReportAdmin(VersionedAdminMixin, HistoryMixin, admin.ModelAdmin):
    list_display = ("title", "agency", "region", "year", "period", "status", "near_duplicate_flag",
                    "extractor_version", "updated_at")
    list_filter = ("status", NearDuplicateFilter, ProvinceFilter, "year", "period", "agency__kind",
                   ("agency", admin.RelatedOnlyFieldListFilter), ("region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "agency__name")
    list_select_related = ("agency", "region")
    autocomplete_fields = ("agency", "region", "replaced_by")
    filter_horizontal = ("topics",)
    show_full_result_count = False
    readonly_fields = ("title_built", "source_name", "content_hash", "extractor_version", "edited_fields_display",
                       "imported_at", "updated_at", "published_at", "indicator_summary", "source_text_display",
                       "near_duplicate_display", "page_meta_display")
    fieldsets = (
        ("元数据（编辑改过的字段不会被重新抽取覆盖）", {"fields": (
            "title", "title_built", "agency", "region", "year", "period", "issued_on", "topics",
            "edited_fields_display")}),
        ("发布", {"fields": ("status", "published_at", "source_url")}),
        ("撤回（原地址显示撤回说明，并指向替代报告）", {"fields": ("withdrawn_at", "withdrawal_reason", "replaced_by")}),
        ("来源与抽取", {"fields": ("source_name", "content_hash", "near_duplicate_display", "page_meta_display",
                                   "extractor_version", "imported_at", "updated_at", "indicator_summary")}),
        ("原文", {"fields": ("source_text_display",)}),
    )
    inlines = (SectionInline, MeasureInline, IndicatorInline)
    actions = ("publish", "withdraw", "reextract")

    class Media:
        css = {"all": ["css/admin.css"]}

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

    def get_urls(self):
        from django.urls import path

        from reports.upload import upload_view

        upload = path("upload/", self.admin_site.admin_view(lambda request: upload_view(request, self.admin_site, self)),
                      name="reports_report_upload")
        return [upload, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": request.user.has_perm("reports.upload_report")}
        return super().changelist_view(request, extra_context)

    @admin.display(description="疑似重复")
    def near_duplicate_flag(self, obj):
        if not obj.near_duplicate_of_id:
            return ""
        url = reverse("admin:reports_report_change", args=[obj.near_duplicate_of_id])
        return format_html('<a href="{}">与 #{} 重复</a>', url, obj.near_duplicate_of_id)

    @admin.display(description="疑似重复")
    def near_duplicate_display(self, obj):
        if not obj.near_duplicate_of_id:
            return "—"
        url = reverse("admin:reports_report_change", args=[obj.near_duplicate_of_id])
        return format_html('与 <a href="{}">报告 #{}</a> 的正文至少 95% 相同（同一机构、年度、期间），请决定保留哪一篇',
                           url, obj.near_duplicate_of_id)

    @admin.display(description="页面元数据")
    def page_meta_display(self, obj):
        if not obj.page_meta:
            return "—"
        return format_html_join("", "<div>{}：{}</div>", sorted(obj.page_meta.items()))

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
            '<pre class="source-text">{}</pre>',
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
        with transaction.atomic():
            queryset, stale = self.split_stale(request, queryset)
            self.report_stale(request, stale, "状态", ReportStatus(status).label, lambda r: r.get_status_display())
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
        self.message_user(request, f"已撤回 {changed} 篇报告" + (f"，{same} 篇原已撤回，未改动" if same else "") +
                          "。曾公开的报告原地址改为显示撤回说明（410）；撤回原因和替代报告可在报告页填写。",
                          messages.SUCCESS)

    @admin.action(description="用当前抽取器重新抽取（保留编辑的决定）", permissions=["reextract"])
    def reextract(self, request, queryset):
        done, failed = 0, []
        with transaction.atomic():
            queryset, stale = self.split_stale(request, queryset)
        self.report_stale(request, stale, "操作", "重新抽取", lambda r: f"版本 {r.version}")
        lexicon = lexicon_from_db()  # the topics and dictionary as editors keep them now, once per batch
        for report in queryset.select_related(None).only("pk", "title", "source_text", "source_name", "page_meta"):
            try:
                result = services.reextract_report(report, lexicon)
            except services.IngestError as exc:
                failed.append(f"《{report.title}》：{exc}")
                continue
            done += 1
            self.log_bulk(request, [report], (
                f"重新抽取（抽取器 {Report.objects.values_list('extractor_version', flat=True).get(pk=report.pk)}）："
                f"{result.sections} 节，{result.measures} 项举措，{result.indicators} 个机器指标，"
                f"保留编辑决定 {result.kept} 项，保留编辑选定的举措主题 {result.kept_topics} 项"
            ))
        if done:
            self.message_user(request, f"已重新抽取 {done} 篇报告，编辑的审核结果、补充的指标和改过的元数据均已保留。",
                              messages.SUCCESS)
        if failed:
            self.message_user(request, f"{len(failed)} 篇未能重新抽取（原数据未改动）：" + "；".join(failed),
                              messages.ERROR)

