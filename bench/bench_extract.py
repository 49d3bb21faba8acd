"""Extraction speed against jieba's own segmentation speed, in one process.

    .venv/bin/python bench/bench_extract.py [FILE ...] [--repeat N]

Without files it reads the sample reports shipped in fixtures/ plus tests/data/texts/.
Reports start-up (imports + jieba dictionary) separately, then for the same
texts: jieba.lcut alone, and the whole extraction pipeline (best of N runs,
since this machine's other core is often busy).
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paths = [Path(f) for f in args.files] or sorted((ROOT / "fixtures" / "sample_reports").glob("*.txt")) + sorted(
        (ROOT / "tests" / "data" / "texts").glob("*.txt"))

    t0 = time.perf_counter()
    import jieba

    from reports.pipeline import parse_text
    from reports.text import segment
    from reports.text.decode import decode

    segment.ensure_loaded()
    startup = time.perf_counter() - t0
    texts = [decode(p.read_bytes(), str(p)) for p in paths]
    chars = sum(len(t) for t in texts)
    parse_text(texts[0])  # warm caches (gazetteer, topics, regexes) outside the timed runs

    def best(fn):
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    jieba_time = best(lambda: [jieba.lcut(t) for t in texts])
    jieba_nohmm = best(lambda: [jieba.lcut(t, HMM=False) for t in texts])
    extract_time = best(lambda: [parse_text(t) for t in texts])
    print(f"files: {len(texts)}  characters: {chars}")
    print(f"start-up (imports + jieba dictionary + domain words): {startup:.3f} s")
    print(f"jieba.lcut alone:            {jieba_time:.3f} s  ({chars / jieba_time:,.0f} chars/s)")
    print(f"jieba.lcut(HMM=False) alone: {jieba_nohmm:.3f} s")
    print(f"full extraction:             {extract_time:.3f} s  ({chars / extract_time:,.0f} chars/s)")
    print(f"ratio extraction / jieba.lcut: {extract_time / jieba_time:.2f}  (bar: <= 2.00)")


if __name__ == "__main__":
    main()
