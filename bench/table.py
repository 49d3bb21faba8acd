"""The README's speed table from two bench/scale.py runs: the page cache on (what visitors get) and off
(what a cache miss costs).

    .venv/bin/python bench/table.py bench/out/scale-100k.json bench/out/scale-100k-uncached.json
"""
from __future__ import annotations

import json
import sys


def main(cached_path: str, uncached_path: str) -> None:
    cached, uncached = (json.load(open(p, encoding="utf-8")) for p in (cached_path, uncached_path))
    misses = {row["url"]: row for row in uncached["pages"]}
    print(f"floor p50/p95: {cached['floor_p50_ms']}/{cached['floor_p95_ms']} ms (cache on), "
          f"{uncached['floor_p50_ms']}/{uncached['floor_p95_ms']} ms (cache off)\n")
    print("| page | cached p50 / p95 ms | × floor | built afresh p50 / p95 ms | × floor | queries |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in cached["pages"]:
        miss = misses.get(row["url"], {})
        print(f"| `{row['url']}` | {row['p50_ms']:.1f} / {row['p95_ms']:.1f} | {row['ratio']:.1f} | "
              f"{miss.get('p50_ms', 0):.1f} / {miss.get('p95_ms', 0):.1f} | {miss.get('ratio', 0):.1f} | "
              f"{miss.get('queries', '—')} |")


if __name__ == "__main__":
    main(*sys.argv[1:3])
