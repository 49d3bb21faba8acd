"""Summary tables.

The home page and the coverage matrix group every published report; at 100k
reports that costs hundreds of milliseconds per request. These rows hold the
groups instead and are rewritten, inside the writing transaction, for every
(area, year) a write touches (reports/tallies.py), so they are never stale.
"""
from django.db import models

from reports.models import Topic


class AreaTally(models.Model):
    """Published reports and their measures per prefecture-level area and year.

    `area` is the six-digit code of the city a region lies in (`PPCC00`; a
    provincial report counts under the province's own code), so the coverage
    matrix reads a province's cities and the home page its provinces and years
    from a few thousand rows.
    """

    area = models.CharField("地市代码", max_length=6)
    province = models.CharField("省级代码", max_length=6)
    year = models.PositiveSmallIntegerField("年度")
    reports = models.PositiveIntegerField("报告数", default=0)
    measures = models.PositiveIntegerField("举措数", default=0)

    class Meta:
        verbose_name = "收录统计（地市 × 年度）"
        verbose_name_plural = verbose_name
        constraints = [
            # One row per cell: the refresh deletes and rewrites exactly these keys.
            models.UniqueConstraint(fields=["area", "year"], name="areatally_unique_area_year"),
        ]
        indexes = [
            # Coverage of one province (its cities × years) and the home page's provinces.
            models.Index(fields=["province", "year"], name="areatally_province_year_idx"),
        ]


class TopicTally(models.Model):
    """Published reports and measures per topic, province and year (home page, topic pages)."""

    topic = models.ForeignKey(Topic, verbose_name="主题", on_delete=models.CASCADE, related_name="+")
    province = models.CharField("省级代码", max_length=6)
    year = models.PositiveSmallIntegerField("年度")
    reports = models.PositiveIntegerField("报告数", default=0)
    measures = models.PositiveIntegerField("举措数", default=0)

    class Meta:
        verbose_name = "主题统计（主题 × 省份 × 年度）"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["topic", "province", "year"], name="topictally_unique_key"),
        ]
        indexes = [
            # The refresh rewrites one province-year for every topic at once.
            models.Index(fields=["province", "year"], name="topictally_province_year_idx"),
        ]


class Revision(models.Model):
    """One row counting the changes to what the public sees: the key of the page cache.

    Every committed write that can change a public page advances `number` (reports/pagecache.py), so a
    page cached under an older number is never served again: cached pages are never stale.
    """

    number = models.BigIntegerField("修订号", default=0)

    class Meta:
        verbose_name = "公开内容修订号"
        verbose_name_plural = verbose_name
        constraints = [
            # The cache reads exactly this row; a second one would be a second, disagreeing truth.
            models.CheckConstraint(condition=models.Q(id=1), name="revision_single_row"),
        ]
