"""Filter-form widgets rendered in Python.

Django renders every widget, and every <option> of a select, through the template engine: on a
list page the filter form (a region select of 30–60 options, topics, kinds, sorts) cost more than
the twenty rows under it. This renderer writes the same HTML as Django's own widget templates
(select.html, select_option.html, input.html, attrs.html) for the widgets the public filters use,
and hands anything else to the default renderer.
"""
from __future__ import annotations

from django.forms.renderers import get_default_renderer
from django.utils.html import escape
from django.utils.safestring import mark_safe

INPUTS = {f"django/forms/widgets/{kind}.html" for kind in ("text", "number", "hidden", "search", "email", "url")}
SELECT = "django/forms/widgets/select.html"


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves the attribute out, True writes it bare.
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _select(widget: dict) -> str:
    out = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            out.append(f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                       f'{escape(option["label"])}</option>\n')  # select_option.html ends with a newline
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return f'<input type="{widget["type"]}" name="{escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


class FastRenderer:
    """A form renderer: Python for selects and inputs, Django's templates for everything else."""

    form_template_name = "django/forms/div.html"
    formset_template_name = "django/forms/formsets/div.html"
    field_template_name = "django/forms/field.html"

    def get_template(self, template_name):
        return get_default_renderer().get_template(template_name)

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return mark_safe(_select(context["widget"]))
        if template_name in INPUTS:
            return mark_safe(_input(context["widget"]))
        return get_default_renderer().render(template_name, context, request)


FAST_RENDERER = FastRenderer()
