"""Template helpers of the public site."""
from django import template
from django.utils.http import urlencode

from indicators.formatting import human, indicator_value
from reports.highlight import describe, measure_label
from reports.links import url_for

register = template.Library()

# {{ value|number:unit }} → 1.2万件; {{ indicator|indicator_value }} → 超过40万件, 增长12.5%.
register.filter("number", human)
register.filter("indicator_value", indicator_value)
register.filter("describe", describe)
register.filter("measure_label", measure_label)


@register.filter
def cn_date(value):
    """2025年2月20日: what |date:"Y年n月j日" writes for a date, without building a DateFormat per row."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


# {% route 'reports:report-list' %}: {% url %} for routes without arguments, resolved once (reports/links.py).
register.simple_tag(url_for, name="route")


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" drops one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        # A new filter or format starts from the first page.
        params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag
def query(**params):
    """A query string from keyword arguments, empty values left out."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""
