"""Admin: names that recur in several reports without a type, made into a type or a synonym in one click.

A mixin of the IndicatorType admin (its changelist links here); editors need
change permission on indicator types.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode

from indicators.extraction.dictionary import normalise_name
from indicators.models import Indicator, IndicatorType
from indicators.queries import UNTYPED_MIN_REPORTS, untyped_names


class SynonymForm(forms.Form):
    """Add a recurring untyped name to an existing type's synonyms."""

    name = forms.CharField(label="名称", max_length=Indicator._meta.get_field("name").max_length,
                           widget=forms.HiddenInput)
    indicator_type = forms.ModelChoiceField(label="加为哪个指标类型的同义说法", queryset=IndicatorType.objects.none(),
                                            empty_label="请选择")

    def __init__(self, *args, unit="", **kwargs):
        super().__init__(*args, **kwargs)
        # Types counted in the name's own unit first: a 件 name rarely belongs to a 人 type.
        types = sorted(IndicatorType.objects.only("pk", "name", "unit"), key=lambda t: (t.unit != unit, t.name))
        self.fields["indicator_type"].queryset = IndicatorType.objects.all()
        self.fields["indicator_type"].choices = [("", "请选择"), *[(t.pk, str(t)) for t in types]]


class UntypedNamesAdmin:
    change_list_template = "admin/indicators/indicatortype/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("untyped/", view(self.untyped_view), name="indicators_indicatortype_untyped"),
            path("untyped/synonym/", view(self.add_synonym_view), name="indicators_indicatortype_add_synonym"),
            *super().get_urls(),
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "synonyms" in request.GET:
            # From "make a type": every spelling seen in reports, as a list (the field holds JSON).
            initial["synonyms"] = [s for s in request.GET.getlist("synonyms") if s.strip()]
        return initial

    # ---- names that recur without a type

    def untyped_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        query = (request.GET.get("q") or "").strip()
        names = untyped_names(query)
        add_url = reverse("admin:indicators_indicatortype_add")
        synonym_url = reverse("admin:indicators_indicatortype_add_synonym")
        for item in names:
            item.add_url = f"{add_url}?{urlencode({'name': item.name, 'unit': item.unit, 'synonyms': item.spellings}, doseq=True)}"
            item.synonym_url = f"{synonym_url}?{urlencode({'name': item.name, 'unit': item.unit})}"
            item.list_url = (f"{reverse('admin:indicators_indicator_changelist')}?"
                             f"{urlencode({'q': item.name})}")
        return TemplateResponse(request, "admin/indicators/indicatortype/untyped.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": "反复出现、尚未归类的指标名称",
            "names": names, "query": query, "min_reports": UNTYPED_MIN_REPORTS,
        })

    def add_synonym_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        name = (request.POST if data else request.GET).get("name", "")
        unit = request.GET.get("unit", "")
        form = SynonymForm(data, initial={"name": name}, unit=unit)
        if data is not None and form.is_valid():
            itype, added = self.add_synonym(request, form.cleaned_data["indicator_type"], form.cleaned_data["name"])
            if added:
                self.message_user(request, f"已把“{added}”加为“{itype.name}”的同义说法。对已入库的报告“重新抽取”后生效。",
                                  messages.SUCCESS)
            else:
                self.message_user(request, f"“{form.cleaned_data['name']}”已是“{itype.name}”的同义说法，未改动。",
                                  messages.WARNING)
            return HttpResponseRedirect(reverse("admin:indicators_indicatortype_untyped"))
        return TemplateResponse(request, "admin/indicators/indicatortype/add_synonym.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": f"把“{name}”加为同义说法",
            "form": form, "name": name, "unit": unit,
        })

    def add_synonym(self, request, itype, name):
        """Append `name` unless the type already has it (compared as the dictionary compares); logged in history."""
        with transaction.atomic():
            itype = IndicatorType.objects.select_for_update().get(pk=itype.pk)
            known = {normalise_name(s) for s in [itype.name, *(itype.synonyms or [])]}
            if normalise_name(name) in known:
                return itype, None
            before = "、".join(itype.synonyms or []) or "（空）"
            itype.synonyms = [*(itype.synonyms or []), name]
            itype.save(update_fields=["synonyms"])
            self.log_change(request, itype, f"同义说法：{before} → {'、'.join(itype.synonyms)}（从未归类名称添加“{name}”）")
        return itype, name
