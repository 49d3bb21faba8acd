"""How long reading each document format takes, apart from extraction.

    .venv/bin/python bench/bench_formats.py [FILE.txt ...] [--repeat N]

Each text (default: the sample reports plus tests/data/texts/) is made into a web page (GBK, with a
CMS's chrome), a Word file and a PDF by tests/documents_factory.py; the bench times
`formats.read_document` on each (best of N, since the machine's other core is often busy) and
checks that the text read back is the .txt's.
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
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    paths = [Path(f) for f in args.files] or sorted((ROOT / "fixtures" / "sample_reports").glob("*.txt")) + sorted(
        (ROOT / "tests" / "data" / "texts").glob("*.txt"))

    from reports.text.formats import read_document
    from tests.documents_factory import docx_bytes, page_html, pdf_bytes

    makers = {
        "txt": lambda t: (t.encode("utf-8"), "r.txt"),
        "html": lambda t: (page_html(t, encoding="gbk"), "r.htm"),
        "docx": lambda t: (docx_bytes(t), "r.docx"),
        "pdf": lambda t: (pdf_bytes(t), "r.pdf"),
    }
    print(f"{'file':<36}{'chars':>7}" + "".join(f"{k:>10}" for k in makers) + "   (ms, best of %d)" % args.repeat)
    totals = dict.fromkeys(makers, 0.0)
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        row = f"{path.name[:35]:<36}{len(text):>7}"
        for kind, make in makers.items():
            data, name = make(text)
            best = float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                doc = read_document(data, name)
                best = min(best, time.perf_counter() - started)
            same = doc.text in (text, text.strip())
            totals[kind] += best
            row += f"{best * 1000:>9.0f}{'' if same else '!'}"
        print(row)
    print(f"{'total':<43}" + "".join(f"{totals[k] * 1000:>10.0f}" for k in makers))
    print("(! = the text read back differs from the .txt)")


if __name__ == "__main__":
    main()
