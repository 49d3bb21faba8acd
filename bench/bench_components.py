"""Timings that used to be asserted in tests: a 5 MB text, topic assignment, the gazetteer.

    .venv/bin/python bench/bench_components.py

Best of a few runs each (the machine is shared; the minimum is the least disturbed run).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def best(fn, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    from indicators.extraction import extract_indicators
    from reports.pipeline import parse_text
    from reports.text import segment, topics
    from reports.text.decode import shadow
    from reports.text.regions import Gazetteer
    from reports.text.types import Document

    block = (ROOT / "fixtures" / "sample_reports" / "002_350bcafa288de809.txt").read_text(encoding="utf-8") + "\n"
    block_tokens = segment.tokens(block)
    copies = 5_000_000 // len(block.encode("utf-8")) + 1
    text = block * copies
    tokens = [segment.Token(t.word, t.start + k * len(block), t.end + k * len(block), t.tag)
              for k in range(copies) for t in block_tokens]
    doc = Document(text=text, norm=shadow(text), body_start=0, tokens=tokens)
    print(f"indicators of a {len(text.encode('utf-8')) / 1e6:.1f} MB text (segmentation aside): "
          f"{best(lambda: extract_indicators(doc), runs=2):.2f} s")

    qinghai = (ROOT / "tests" / "data" / "texts" / "gov-work-report-2026-qinghai.txt").read_text(encoding="utf-8")
    parsed = parse_text(qinghai)
    qdoc = Document(text=qinghai, norm=shadow(qinghai), body_start=parsed.body_start, tokens=parsed.tokens,
                    sections=parsed.sections, measures=parsed.measures)
    print(f"topics of the {len(qinghai):,}-character 青海 report: "
          f"{best(lambda: topics.assign(qdoc, parsed.indicators)) * 1000:.1f} ms")

    print(f"gazetteer load: {best(Gazetteer.from_files):.2f} s")
    gaz = Gazetteer.from_files()
    long_text = (qinghai * 2)[:50_000]
    print(f"region of a 50,000-character text: {best(lambda: gaz.resolve(None, long_text)) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
