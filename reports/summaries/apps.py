from django.apps import AppConfig


class SummariesConfig(AppConfig):
    """Derived counts (home page, coverage, per-topic figures), kept apart from the archive's content.

    A separate app so that `dumpdata reports indicators` and `export_reports` carry only what editors
    and the extractor made; these rows are recounted by reports/tallies.py whenever reports change.
    """

    name = "reports.summaries"
    label = "summaries"  # tables summaries_*; the app sits inside reports/ as the house layout fixes
    verbose_name = "汇总统计"
