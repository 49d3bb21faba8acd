"""Editors correct a promise's match: set or clear the outcome; the decision survives re-extraction."""
from django import forms
from django.contrib import admin, messages

from indicators import promises
from indicators.models import Indicator, Kind, Promise
from reports.admin import HistoryMixin, ProvinceFilter


class PromiseForm(forms.ModelForm):
    class Meta:
        model = Promise
        fields = ("outcome",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        promise = self.instance
        # Only a number of the same quantity, stated by the same agency, can be the outcome.
        self.fields["outcome"].queryset = (
            Indicator.objects.filter(report__agency_id=promise.agency_id, indicator_type_id=promise.indicator_type_id,
                                     kind__in=[Kind.VALUE, Kind.CHANGE])
            .exclude(report_id=promise.target.report_id).select_related("report").order_by("-year", "start")
        )
        self.fields["outcome"].label_from_instance = lambda ind: f"{ind.year}年 {ind.name} {ind.raw}（{ind.report}）"
        self.fields["outcome"].help_text = "留空表示“该目标没有可对照的结果”。保存后即为编辑决定，重新抽取和自动匹配都不会改动。"


@admin.register(Promise)
class PromiseAdmin(HistoryMixin, admin.ModelAdmin):
    form = PromiseForm
    list_display = ("agency", "indicator_type", "target_year", "bound", "status", "decided")
    list_filter = ("status", "decided", "target_year", ProvinceFilter, "indicator_type")
    search_fields = ("agency__name", "indicator_type__name", "target_sentence", "outcome_sentence")
    list_select_related = ("agency", "indicator_type")
    readonly_fields = ("agency", "indicator_type", "target_year", "bound", "target_sentence", "status",
                       "outcome_sentence", "decided", "decided_by", "decided_at")
    fields = ("agency", "indicator_type", "target_year", "bound", "target_sentence", "outcome", "outcome_sentence",
              "status", "decided", "decided_by", "decided_at")
    actions = ("hand_back",)

    def has_add_permission(self, request):
        return False  # promises come from the targets of reports

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = Promise.objects.get(pk=obj.pk).get_status_display()
        promises.decide(obj, form.cleaned_data.get("outcome"), user=request.user)
        obj.refresh_from_db()
        after = obj.get_status_display()
        obj._history_extra = [f"兑现情况：{before} → {after}", "编辑已确定匹配：否 → 是"] if before != after else \
            ["编辑已确定匹配：是"]

    @admin.action(description="交还自动匹配（撤销编辑的决定）", permissions=["change"])
    def hand_back(self, request, queryset):
        decided = list(queryset.filter(decided=True))
        for promise in decided:
            promises.undecide(promise)
        self.log_bulk(request, decided, "编辑已确定匹配：是 → 否（交还自动匹配）")
        self.message_user(request, f"已将 {len(decided)} 条交还自动匹配" +
                          (f"，{queryset.count() - len(decided)} 条原本就是自动匹配，未改动" if queryset.count() > len(decided)
                           else "。"), messages.SUCCESS)


