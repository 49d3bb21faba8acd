from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "报告"

    def ready(self):
        from reports import pagecache, tallies  # noqa: F401  (tallies connects the receivers that keep the summary tables fresh)

        pagecache.connect_receivers()
