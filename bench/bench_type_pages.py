"""How the comparison pages cost at scale: one quantity reported by ~3,000 counties over ten years.

    .venv/bin/python bench/bench_type_pages.py [--backend sqlite|postgresql] [--counties 2970] [--years 10]

Builds a fresh database (SQLite file in bench/out/, or BENCH_PG_URL, default
postgres://root@127.0.0.1:5432/archive_charts_bench), fills it with synthetic
published reports — per county and year a level and a growth of one type plus
five untyped indicators — and times each page through Django's test client,
best of --repeat runs, with its query count. Results go to bench/out/type_pages.json.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def build(counties: int, years: int) -> None:
    from datetime import datetime, timezone
    from decimal import Decimal

    from indicators.models import Indicator, IndicatorType
    from reports.models import Agency, Region, Report

    province = Region.objects.create(code="330000", name="测试省", short_name="测试", level="province")
    cities = Region.objects.bulk_create(
        Region(code=f"33{c:02d}00", name=f"第{c}市", short_name=f"{c}市", level="city", parent=province)
        for c in range(1, counties // 99 + 2)
    )
    regions = Region.objects.bulk_create(
        Region(code=f"{cities[i // 99].code[:4]}{i % 99 + 1:02d}", name=f"第{i}县", short_name=f"{i}县",
               level="county", parent=cities[i // 99])
        for i in range(counties)
    )
    agencies = Agency.objects.bulk_create(Agency(name=f"第{i}县人民政府", region=r, kind="人民政府")
                                          for i, r in enumerate(regions))
    gdp = IndicatorType.objects.create(slug="gdp", name="地区生产总值", unit="元")
    text = "某县政府工作报告\n地区生产总值123.4亿元，增长5.6%。调解纠纷100件。" + "正文。" * 200
    now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    for year in range(2025 - years, 2025):
        reports = Report.objects.bulk_create(
            Report(agency=a, region=a.region, title=f"{a.name}{year}年政府工作报告", year=year, source_text=text,
                   content_hash=f"{year:04d}{i:060d}", status="published", published_at=now)
            for i, a in enumerate(agencies)
        )
        rows = []
        for i, report in enumerate(reports):
            level = Decimal(100 + (i * 7919 + year * 31) % 5000) * Decimal(10) ** 8
            rows.append(Indicator(report=report, **Indicator.report_fields(report), name="地区生产总值", value=level,
                                  comparable_value=level, unit="元", raw="123.4亿元", kind="value",
                                  indicator_type=gdp, start=16, end=23))
            growth = Decimal((i * 13 + year) % 90) / 10
            rows.append(Indicator(report=report, **Indicator.report_fields(report), name="地区生产总值",
                                  value=growth, comparable_value=growth, unit="%", raw="5.6%", kind="change",
                                  direction="up", indicator_type=gdp, start=25, end=29))
            for k in range(5):
                rows.append(Indicator(report=report, **Indicator.report_fields(report), name=f"调解纠纷{k % 3}",
                                      value=100 + k, unit="件", raw="100件", kind="value", start=40 + k, end=44 + k))
        Indicator.objects.bulk_create(rows, batch_size=5000)


def timed(fn, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return round(best * 1000, 1), len(ctx.captured_queries)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--counties", type=int, default=2970)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    from ingest_bench import fresh_database

    os.environ.setdefault("BENCH_PG_URL", "postgres://root@127.0.0.1:5432/archive_charts_bench")
    os.environ["DATABASE_URL"] = fresh_database(args.backend, OUT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from indicators.queries import untyped_names

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(args.counties, args.years)
    built = time.perf_counter() - started
    if args.backend == "postgresql":
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()

    def get(url, cached=False):
        def run():
            if not cached:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                b"".join(response.streaming_content)
        return run

    pages = {
        "/indicators/types/gdp/": get("/indicators/types/gdp/"),
        "/indicators/types/gdp/ (charts cached)": get("/indicators/types/gdp/", cached=True),
        "/indicators/types/gdp/?region=330100&year_from=2020": get("/indicators/types/gdp/?region=330100&year_from=2020"),
        "/indicators/types/gdp/?bar_year=2018": get("/indicators/types/gdp/?bar_year=2018"),
        "/indicators/types/gdp/bar-value-annual.csv": get("/indicators/types/gdp/bar-value-annual.csv"),
        "/indicators/types/gdp/line-change-annual.svg": get("/indicators/types/gdp/line-change-annual.svg"),
        "/indicators/types/ (coverage not cached)": get("/indicators/types/"),
        "admin untyped names (query only)": lambda: untyped_names(),
    }
    from indicators.models import Indicator
    result = {"backend": args.backend, "counties": args.counties, "years": args.years,
              "indicators": Indicator.objects.count(), "build_seconds": round(built, 1), "pages": {}}
    for name, fn in pages.items():
        ms, queries = timed(fn, args.repeat)
        result["pages"][name] = {"best_ms": ms, "queries": queries}
        print(f"{name:60s} {ms:8.1f} ms  {queries} queries", flush=True)
    out = OUT / f"type_pages_{args.backend}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{result['indicators']} indicators; results in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
