"""RSS and Atom feeds of newly published reports: all, per region (with its subtree), per topic."""
from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from reports.models import Region, Report, Topic

ITEMS = 30


def _newest(queryset):
    # Served by the index (status, -published_at); a report published before
    # published_at was recorded has no place in a "newly published" feed.
    return (
        queryset.published().filter(published_at__isnull=False).select_related("agency", "region")
        .defer("source_text", "search_document", "search_vector").order_by("-published_at", "-id")[:ITEMS]
    )


# Feeds are read-only like every public page: anything but GET/HEAD is 405 (Django's Feed serves any method).
@method_decorator(require_safe, name="__call__")
class LatestReportsFeed(Feed):
    title = "政府工作报告档案：最新发布"
    description = "档案中新发布的报告。"

    def link(self):
        return reverse("reports:report-list")

    def items(self):
        return _newest(Report.objects.all())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.agency.name} · {item.region.name} · {item.year}年 · {item.get_period_display()}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.agency.name


class LatestReportsAtomFeed(LatestReportsFeed):
    feed_type = Atom1Feed
    subtitle = LatestReportsFeed.description


class RegionReportsFeed(LatestReportsFeed):
    def get_object(self, request, code):
        # `code` passed the <region:code> converter: six digits, else the URL did not match (404).
        return get_object_or_404(Region, code=code)

    def title(self, obj):
        return f"政府工作报告档案：{obj.name}最新发布"

    def description(self, obj):
        return f"{obj.name}及其下级地区新发布的报告。"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return _newest(Report.objects.in_region(obj.code))


class TopicReportsFeed(LatestReportsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"政府工作报告档案：主题“{obj.name}”最新发布"

    def description(self, obj):
        return f"涉及“{obj.name}”的新发布报告。"

    def link(self, obj):
        return f"{reverse('reports:report-list')}?topic={obj.slug}"

    def items(self, obj):
        return _newest(Report.objects.filter(topics=obj))
