"""The public site at archive size: build N published reports on PostgreSQL, then time every public page.

    DATABASE_URL=postgres://root@127.0.0.1:5432/archive_scale \\
        .venv/bin/python bench/scale.py --reports 100000 --json bench/out/scale-100k.json
    .venv/bin/python bench/scale.py --reports 100000 --skip-build --json …   # re-measure an existing archive

Build (seconds, not hours): `setup_archive` loads the regions, taxonomy, indicator dictionary and the five
ingested sample reports; each synthetic report is then an SQL copy (INSERT … SELECT) of one sample with
its sections, measures, indicators and topic links, re-homed to a real region (GB/T 2260), a year in
2012–2026, a period and an agency of that region. Its text gets a line naming the copy, so its
content_hash is the real SHA-256 of a distinct text and every constraint of the schema holds.
Ids are reserved per copy so parent sections and the section/measure of each indicator map exactly.

Measurement: one process, Django's test client with DEBUG off. Each round requests a floor page (20 rows
through a minimal template, no filters, no includes) and then one archive page, round-robin, so both see
the same load; per page p50/p95 over --rounds requests, the ratio of its p95 to the floor's p95, and its
query count. Results: a table on stdout, sizes per table, and --json.

The machine is shared: timings move by tens of per cent between runs; compare ratios taken in one run.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = list(range(2012, 2027))
PERIODS = ["annual"] * 7 + ["half-year"] * 2 + ["other"]
KINDS = ["人民政府", "司法局"]
BATCH = 5000
BULK_TABLES = ("indicators_indicator", "reports_measure", "reports_section", "reports_report",
               "reports_section_topics", "reports_measure_topics", "reports_report_topics")
# Each copy scales its indicators' values by a factor in [0.5, 1.5): value sorts have something to sort.
SPREAD = "(0.5 + ((s.k * 7919 + t.id * 104729) % 1000) / 1000.0)"


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    import django

    django.setup()


from django.db import transaction  # noqa: E402  (lazy: needs no settings until used)

# ---------------------------------------------------------------- build


def _columns(cursor, table):
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_sql(cursor, table, overrides: dict[str, str], source: str, where: str = "") -> str:
    """INSERT INTO table (every column) SELECT overrides or t.column FROM source."""
    columns = _columns(cursor, table)
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) SELECT {select} FROM {source} {where}"


def build(n: int, seed: int = 2026) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("setup_archive", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM reports_report")
        have = cur.fetchone()[0]
        if have >= n:
            print(f"archive already holds {have} reports")
            return
        cur.execute("SELECT id FROM reports_report ORDER BY id LIMIT 5")
        templates = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT id, code, name, level FROM reports_region ORDER BY code")
        regions = cur.fetchall()
    rng = random.Random(seed)
    # Real archives hold more city and county reports than provincial ones; one province (浙江) is
    # over-represented so that its pages show a region with many reports below it. National bodies
    # (the 全国 root) publish a few reports a year, like a province.
    weights = [{"national": 3, "province": 3, "city": 2, "county": 1}[lvl] * (4 if code.startswith("33") else 1)
               for _, code, _, lvl in regions]
    todo = n - have
    print(f"building {todo} synthetic reports from {len(templates)} samples …", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        # Agencies: two per region that reports, made up front.
        picks = rng.choices(regions, weights=weights, k=todo)
        wanted = {(r[0], r[2], rng.choice(KINDS)) for r in picks}
        agency_rows = sorted({(rid, f"{name}{kind}", kind) for rid, name, kind in wanted})
        cur.execute("CREATE TEMP TABLE bench_agency (region_id bigint, name text, kind text)")
        with cur.copy("COPY bench_agency FROM STDIN") as copy:
            for row in agency_rows:
                copy.write_row(row)
        cur.execute(
            "INSERT INTO reports_agency (name, region_id, kind, version) SELECT name, region_id, kind, 1 FROM bench_agency "
            "ON CONFLICT ON CONSTRAINT agency_unique_name_per_region DO NOTHING"
        )
        cur.execute("SELECT region_id, array_agg(id ORDER BY id) FROM reports_agency GROUP BY region_id")
        agencies = dict(cur.fetchall())
        # Ids per template: rank of each section / measure inside its report, and the block size.
        blocks = {}
        for table in ("reports_section", "reports_measure"):
            cur.execute(f"SELECT max(c) FROM (SELECT count(*) c FROM {table} WHERE report_id = ANY(%s) "
                        "GROUP BY report_id) x", [templates])
            blocks[table] = cur.fetchone()[0] or 1
        cur.execute(
            "CREATE TEMP TABLE bench_rank AS SELECT 'reports_section' tbl, id, report_id, "
            "row_number() OVER (PARTITION BY report_id ORDER BY id) - 1 rk FROM reports_section WHERE report_id = ANY(%s) "
            "UNION ALL SELECT 'reports_measure', id, report_id, "
            "row_number() OVER (PARTITION BY report_id ORDER BY id) - 1 FROM reports_measure WHERE report_id = ANY(%s)",
            [templates, templates],
        )
        cur.execute("CREATE INDEX ON bench_rank (tbl, id)")
        cur.execute("CREATE TEMP TABLE bench_synth (k bigint, tmpl bigint, new_id bigint, region_id bigint, "
                    "agency_id bigint, year int, period text, sec_base bigint, mea_base bigint)")
        # Indexes that back no constraint are dropped while copying and built once at the end: building
        # an index over millions of rows is several times faster than updating it row by row.
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) "
            "AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [list(BULK_TABLES)],
        )
        deferred = cur.fetchall()
        for name, _ in deferred:
            cur.execute(f'DROP INDEX "{name}"')
        done = 0
        while done < todo:
            size = min(BATCH, todo - done)
            copy_batch(cur, size, have + done, picks[done:done + size], templates, agencies, blocks, rng)
            done += size
            rate = done / (time.perf_counter() - started)
            print(f"  {have + done} reports ({rate:.0f}/s)", flush=True)
        cur.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in deferred:
            cur.execute(definition)
        print(f"  {len(deferred)} indexes rebuilt ({time.perf_counter() - started:.0f} s)", flush=True)
    after_build(connection)
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


@transaction.atomic
def copy_batch(cur, size, first, picks, templates, agencies, blocks, rng):
    """One batch of copies in one transaction: a failure leaves no half-copied report."""
    cur.execute("TRUNCATE bench_synth")
    cur.execute("SELECT nextval('reports_report_id_seq') FROM generate_series(1, %s)", [size])
    ids = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT last_value FROM reports_section_id_seq")
    sec0 = cur.fetchone()[0] + 1
    cur.execute("SELECT last_value FROM reports_measure_id_seq")
    mea0 = cur.fetchone()[0] + 1
    with cur.copy("COPY bench_synth FROM STDIN") as copy:
        for j in range(size):
            k = first + j
            region = picks[j]
            copy.write_row((
                k, templates[k % len(templates)], ids[j], region[0], rng.choice(agencies[region[0]]),
                rng.choice(YEARS), rng.choice(PERIODS),
                sec0 + j * blocks["reports_section"], mea0 + j * blocks["reports_measure"],
            ))
    cur.execute("SELECT setval('reports_section_id_seq', %s)", [sec0 + size * blocks["reports_section"]])
    cur.execute("SELECT setval('reports_measure_id_seq', %s)", [mea0 + size * blocks["reports_measure"]])
    cur.execute("ANALYZE bench_synth")
    text = "t.source_text || E'\\n（档案副本 ' || s.k || '）'"
    cur.execute(_copy_sql(cur, "reports_report", {
        "id": "s.new_id", "agency_id": "s.agency_id", "region_id": "s.region_id", "year": "s.year",
        "period": "s.period", "source_text": text,
        "content_hash": f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')",
        "title": "replace(replace(t.title, ta.name, a.name), t.year::text || '年', s.year::text || '年')",
        "status": "'published'", "published_at": "now() - s.k * interval '1 minute'",
        "issued_on": "make_date(s.year + 1, 1 + (s.k % 12)::int, 1 + (s.k % 28)::int)",
        "source_name": "'bench-' || s.k || '.txt'", "edited_fields": "'[]'::jsonb",
    }, "bench_synth s JOIN reports_report t ON t.id = s.tmpl JOIN reports_agency ta ON ta.id = t.agency_id "
       "JOIN reports_agency a ON a.id = s.agency_id"))
    cur.execute("INSERT INTO reports_report_topics (report_id, topic_id) SELECT s.new_id, t.topic_id "
                "FROM bench_synth s JOIN reports_report_topics t ON t.report_id = s.tmpl")
    section_id = "s.sec_base + (SELECT rk FROM bench_rank r WHERE r.tbl = 'reports_section' AND r.id = {})"
    measure_id = "s.mea_base + (SELECT rk FROM bench_rank r WHERE r.tbl = 'reports_measure' AND r.id = {})"
    cur.execute(_copy_sql(cur, "reports_section", {
        "id": section_id.format("t.id"), "report_id": "s.new_id",
        "parent_id": f"CASE WHEN t.parent_id IS NULL THEN NULL ELSE {section_id.format('t.parent_id')} END",
    }, "bench_synth s JOIN reports_section t ON t.report_id = s.tmpl ORDER BY s.k, t.parent_id NULLS FIRST"))
    cur.execute(_copy_sql(cur, "reports_measure", {
        "id": measure_id.format("t.id"), "report_id": "s.new_id", "region_id": "s.region_id",
        "year": "s.year",
        "section_id": f"CASE WHEN t.section_id IS NULL THEN NULL ELSE {section_id.format('t.section_id')} END",
    }, "bench_synth s JOIN reports_measure t ON t.report_id = s.tmpl"))
    for link, fk, owner, fmt in (("reports_section_topics", "section_id", "reports_section", section_id),
                                 ("reports_measure_topics", "measure_id", "reports_measure", measure_id)):
        cur.execute(f"INSERT INTO {link} ({fk}, topic_id) SELECT {fmt.format('l.' + fk)}, l.topic_id "
                    f"FROM bench_synth s JOIN {owner} o ON o.report_id = s.tmpl JOIN {link} l ON l.{fk} = o.id")
    cur.execute(_copy_sql(cur, "indicators_indicator", {
        "id": "nextval('indicators_indicator_id_seq')", "report_id": "s.new_id", "region_id": "s.region_id",
        "year": "s.year", "report_period": "s.period", "report_published": "true",  # the copy's report's
        "section_id": f"CASE WHEN t.section_id IS NULL THEN NULL ELSE {section_id.format('t.section_id')} END",
        "measure_id": f"CASE WHEN t.measure_id IS NULL THEN NULL ELSE {measure_id.format('t.measure_id')} END",
        # Values spread so value sorts have something to sort.
        "value": f"round(t.value * {SPREAD}, 6)",
        "comparable_value": f"round(t.comparable_value * {SPREAD}, 6)",
    }, "bench_synth s JOIN indicators_indicator t ON t.report_id = s.tmpl"))


def after_build(connection) -> None:
    """Whatever derived state the archive keeps (summary tables), then fresh planner statistics."""
    try:
        from reports import tallies
    except ImportError:
        tallies = None
    if tallies is not None:
        tallies.rebuild()
    old = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    connection.set_autocommit(old)


# ---------------------------------------------------------------- measure


def pages(all_types: bool = False) -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT r.id FROM reports_report r WHERE status = 'published' ORDER BY length(source_text), id LIMIT 1")
        short = cur.fetchone()[0]
        cur.execute("SELECT r.id FROM reports_report r WHERE status = 'published' ORDER BY length(source_text) DESC, id LIMIT 1")
        long = cur.fetchone()[0]
        cur.execute("SELECT agency_id FROM reports_report WHERE status = 'published' GROUP BY agency_id "
                    "ORDER BY count(*) DESC, agency_id LIMIT 1")
        agency = cur.fetchone()[0]
        cur.execute("SELECT g.code FROM reports_report r JOIN reports_region g ON g.id = r.region_id "
                    "WHERE r.status = 'published' GROUP BY g.code ORDER BY count(*) DESC LIMIT 1")
        busiest = cur.fetchone()[0]
        # The type pages with the most indicators (all of them with --all-types).
        cur.execute("SELECT t.slug FROM indicators_indicatortype t JOIN indicators_indicator i ON i.indicator_type_id = t.id "
                    "GROUP BY t.slug ORDER BY count(*) DESC, t.slug" + ("" if all_types else " LIMIT 5"))
        types = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT slug FROM reports_topic ORDER BY \"order\", slug LIMIT 1")
        topic = cur.fetchone()[0]
    province = busiest[:2] + "0000"
    city = busiest[:4] + "00"
    urls = [
        "/", "/reports/", "/reports/?year=2020", f"/reports/?region={province}", f"/reports/?region={city}",
        "/reports/?period=half-year", f"/reports/?agency={agency}", f"/reports/?topic={topic}", "/reports/?kind=司法局",
        "/reports/?sort=oldest", "/reports/?page=40", "/reports/?q=法律援助",
        f"/reports/{short}/", f"/reports/{long}/",
        "/measures/", "/measures/?q=法律援助", f"/measures/?region={province}&year=2020",
        "/indicators/", f"/indicators/?region={province}&year=2020",
        "/indicators/?type=legal-aid-cases&sort=value-desc", "/indicators/?type=legal-aid-cases&sort=value-asc",
        "/indicators/types/",
        *[f"/indicators/types/{slug}/" for slug in types],
        f"/regions/{province}/", f"/regions/{city}/", f"/regions/{busiest}/", f"/agencies/{agency}/",
        "/coverage/", f"/coverage/?region={province}",
        "/search/?q=法律援助", "/search/?q=调解", "/search/?q=法律援助+调解", "/search/?q=行政执法监督",
        "/search/?q=法律援助&sort=oldest", "/search/?q=法律援助&page=5", "/search/?q=法律援助&type=measure", "/search/?q=公证",
        "/search/?q=法治政府建设工作领导小组", "/search/?q=黄岩",
        "/api/reports/", f"/api/reports/?region={province}", "/api/indicators/", "/api/indicators/?type=legal-aid-cases",
        f"/reports/?format=csv&agency={agency}", f"/indicators/?format=csv&region={busiest}&year=2020",
        "/feeds/reports/", "/feeds/reports/atom/", f"/feeds/regions/{province}/", f"/feeds/topics/{topic}/",
    ]
    return urls


def _drain(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def measure(rounds: int, only: str | None = None, all_types: bool = False) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # DEBUG off serves hashed static names from the manifest, as production does.
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    urls = [u for u in pages(all_types) if only is None or only in u]
    results = {}
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        for url in ["/__floor__/", *urls]:  # warm every page once, count its queries
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
                _drain(response)
            if response.status_code != 200:
                print(f"!! {url} answered {response.status_code}", file=sys.stderr)
            results[url] = {"queries": len(ctx.captured_queries), "times": []}
        floor = []
        cold = "/"  # the home page, timed again below as a page-cache miss
        extra = [("/ (cold cache)", cold)] if cold in urls else []
        for _ in range(rounds):
            for label, url in [(u, u) for u in urls] + extra:
                t0 = time.perf_counter()
                _drain(client.get("/__floor__/"))
                floor.append((time.perf_counter() - t0) * 1000)
                target = url
                if label != url:
                    # The home page reads the summary tables, no cache of its own; a query string of its
                    # own gives it a page-cache miss. Emptying a cache would turn every page of the round
                    # into a miss and recount every figure kept for minutes (region counts, chart groups).
                    target = f"{url}?cold={len(floor)}"
                t0 = time.perf_counter()
                _drain(client.get(target))
                results.setdefault(label, {"queries": results[url]["queries"], "times": []})["times"].append(
                    (time.perf_counter() - t0) * 1000)
    floor_p95 = _pct(floor, 95)
    rows = []
    for label, data in results.items():
        if label == "/__floor__/" or not data["times"]:
            continue
        p50, p95 = _pct(data["times"], 50), _pct(data["times"], 95)
        rows.append({"url": label, "p50_ms": round(p50, 2), "p95_ms": round(p95, 2),
                     "ratio": round(p95 / floor_p95, 2), "queries": data["queries"]})
    return {"floor_p50_ms": round(_pct(floor, 50), 2), "floor_p95_ms": round(floor_p95, 2), "pages": rows}


def _pct(values, q):
    values = sorted(values)
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), pg_indexes_size(c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC"
        )
        tables = {name: {"total": total, "heap": heap, "indexes": idx} for name, total, heap, idx in cur.fetchall()}
        cur.execute("SELECT pg_database_size(current_database())")
        database = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM reports_report WHERE status = 'published'")
        reports = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM indicators_indicator")
        indicators = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM reports_measure")
        measures = cur.fetchone()[0]
    return {"reports": reports, "indicators": indicators, "measures": measures, "database_bytes": database,
            "bytes_per_report": round(database / max(reports, 1)), "tables": tables}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10000, help="published reports to hold (default 10000)")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--rounds", type=int, default=40, help="requests per page (default 40)")
    parser.add_argument("--skip-build", action="store_true", help="measure the archive as it is")
    parser.add_argument("--only", help="measure only URLs containing this text")
    parser.add_argument("--all-types", action="store_true", help="every indicator-type page, not the five busiest")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="build every page on every request (what a visitor pays on a cache miss)")
    args = parser.parse_args(argv)
    if args.no_page_cache:
        os.environ["PAGE_CACHE"] = "0"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database (it is filled, not dropped)")
    _setup_django()
    if not args.skip_build:
        build(args.reports)
    size = sizes()
    print(f"{size['reports']} published reports, {size['indicators']} indicators, {size['measures']} measures; "
          f"database {size['database_bytes'] / 2**30:.2f} GiB, {size['bytes_per_report']} bytes per report")
    for name, t in list(size["tables"].items())[:12]:
        print(f"  {name:40} {t['total'] / 2**20:9.1f} MiB (heap+toast {(t['total'] - t['indexes']) / 2**20:.1f}, "
              f"indexes {t['indexes'] / 2**20:.1f})")
    result = measure(args.rounds, args.only, args.all_types)
    print(f"\npage cache {'off' if args.no_page_cache else 'on'}; floor p50 {result['floor_p50_ms']} ms, "
          f"p95 {result['floor_p95_ms']} ms ({args.rounds} rounds)")
    print(f"{'page':70} {'p50 ms':>8} {'p95 ms':>8} {'×floor':>7} {'queries':>7}")
    for row in result["pages"]:
        print(f"{row['url'][:70]:70} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['ratio']:7.1f} {row['queries']:7}")
    if args.json:
        out = {"reports": size["reports"], "indicators": size["indicators"], "measures": size["measures"],
               "rounds": args.rounds, "page_cache": not args.no_page_cache, **result, "sizes": size}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
