"""The public URLs plus /__floor__/: 20 rows through a minimal template, the cheapest page Django can serve.

Used as ROOT_URLCONF by bench/scale.py (in process) and bench/load.py (under gunicorn).
"""
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from reports.models import Region

_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><ul>{% for r in rows %}<li>{{ r.code }} {{ r.name }}</li>{% endfor %}</ul>"
)


def floor(request):
    rows = list(Region.objects.order_by("code")[:20])
    return HttpResponse(_TEMPLATE.render({"rows": rows}, request))


urlpatterns = [path("__floor__/", floor), path("", include("config.urls"))]
