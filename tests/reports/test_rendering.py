"""The fast paths of list rendering write exactly what Django's own machinery writes."""
from django.forms.renderers import get_default_renderer
from django.test import RequestFactory
from django.urls import reverse

from reports.filters import MeasureFilter, ReportFilter
from reports.links import url_for
from reports.models import Report


def test_url_for_equals_reverse():
    for name, arg in [("reports:report-detail", 12), ("reports:agency-detail", 3),
                      ("reports:region-detail", "330100"), ("indicators:type-detail", "legal-aid-cases")]:
        assert url_for(name, arg) == reverse(name, args=[arg])
    assert url_for("reports:report-list") == reverse("reports:report-list")


def _forms(filter_class, data):
    request = RequestFactory().get("/reports/", data)
    fast = filter_class(data, queryset=Report.objects.none(), request=request)
    slow = filter_class(data, queryset=Report.objects.none(), request=request)
    slow.form.renderer = get_default_renderer()
    return fast.form, slow.form


def test_filter_widgets_render_like_django_templates(archive):
    data = {"region": "330100", "year": "2024", "q": "调解 \"<b>\"", "sort": "relevance", "agency": "7",
            "topic": "legal-aid", "kind": "司法局", "period": "annual"}
    for filter_class in (ReportFilter, MeasureFilter):
        fast, slow = _forms(filter_class, data)
        for name in fast.fields:
            assert str(fast[name]) == str(slow[name]), name
    fast, _ = _forms(ReportFilter, data)
    assert '<option value="relevance" selected>相关度</option>' in str(fast["sort"])
    assert "&lt;b&gt;" in str(fast["q"]) and "<b>" not in str(fast["q"])
