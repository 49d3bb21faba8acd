#!/usr/bin/env python3
"""Score the topics `extract` puts on each measure against hand labels (rules: TOPICS.md).

    bench/score_topics.py --labels LABELS.json --texts DIR \
        --run ".venv/bin/python manage.py extract --format json" [--verbose] [--errors] [--only STEM ...]

LABELS.json is `{stem: [{start, end, text, topics: [slug, ...]}, ...]}`; `extract` runs once over
DIR/<stem>.txt for every labelled stem (`--only` / `--skip` keep or leave out stems, e.g. to hold
one report out while tuning).

Matching, per report: each labelled measure takes one predicted measure, first one starting at the
same offset, else the unused predicted measure whose span overlaps it most. A measure the extractor
split differently still matches the piece that covers most of it; a labelled measure with no
overlapping prediction is unmatched and all its topics count as missed (recall), never ignored.

Score: micro precision / recall / F1 over (measure, topic) pairs of matched measures, plus the
missed pairs of unmatched ones. Predicted measures no label covers are not scored (labels name the
measures a reader browses; a finer split elsewhere is the outline's business, scored by tests).
--verbose adds the per-topic table (support = labelled pairs, pred = predicted pairs);
--errors lists every labelled measure whose predicted topics differ, with missing and extra topics.
The last line is `topics P=… R=… F1=… matched=…`.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path


def extract(cmd: str, paths: list[Path]) -> dict[str, dict]:
    done = subprocess.run(shlex.split(cmd) + [str(p) for p in paths], capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"extract exited with status {done.returncode}")
    return {Path(r["source"]).stem: r for r in json.loads(done.stdout)}


def overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match(predicted: list[dict], labelled: list[dict]) -> list[int | None]:
    """Index of the predicted measure matched to each labelled one (None when none overlaps)."""
    chosen: list[int | None] = [None] * len(labelled)
    used: set[int] = set()
    by_start = {p["start"]: j for j, p in reversed(list(enumerate(predicted)))}
    for i, item in enumerate(labelled):
        j = by_start.get(item["start"])
        if j is not None:
            chosen[i] = j
            used.add(j)
    for i, item in enumerate(labelled):
        if chosen[i] is not None:
            continue
        best = max(((overlap(p, item), j) for j, p in enumerate(predicted) if j not in used), default=(0, None))
        if best[0] > 0:
            chosen[i] = best[1]
            used.add(best[1])
    return chosen


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True, type=Path)
    ap.add_argument("--texts", required=True, type=Path)
    ap.add_argument("--run", required=True, help="extract command; the text paths are appended")
    ap.add_argument("--verbose", action="store_true", help="per-topic table")
    ap.add_argument("--errors", action="store_true", help="list measures whose topics differ from the labels")
    ap.add_argument("--only", nargs="*", default=None, help="score only these stems")
    ap.add_argument("--skip", nargs="*", default=(), help="leave these stems out (hold-out while tuning)")
    args = ap.parse_args(argv)

    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    stems = sorted(s for s in labels if (args.only is None or s in args.only) and s not in args.skip)
    paths = [args.texts / f"{s}.txt" for s in stems]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise SystemExit("no text for labelled report(s): " + ", ".join(missing))
    reports = extract(args.run, paths)

    tp, pred, gold = Counter(), Counter(), Counter()
    n_items = n_matched = 0
    errors = []
    print(f"{'report':<26}{'labelled':>9}{'matched':>8}{'P':>7}{'R':>7}{'F1':>7}")
    for stem in stems:
        items = labels[stem]
        predicted = reports.get(stem, {}).get("measures") or []
        chosen = match(predicted, items)
        r_tp = r_pred = r_gold = 0
        for item, j in zip(items, chosen, strict=False):
            n_items += 1
            want = set(item["topics"])
            got = set(predicted[j].get("topics") or []) if j is not None else set()
            n_matched += j is not None
            gold.update(want)
            pred.update(got)
            tp.update(want & got)
            r_tp, r_pred, r_gold = r_tp + len(want & got), r_pred + len(got), r_gold + len(want)
            if j is None or want != got:
                errors.append((stem, item, None if j is None else predicted[j], want, got))
        p, r, f = prf(r_tp, r_pred, r_gold)
        print(f"{stem:<26}{len(items):>9}{sum(j is not None for j in chosen):>8}{p:>7.3f}{r:>7.3f}{f:>7.3f}")

    if args.verbose:
        print(f"\n{'topic':<34}{'support':>8}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}")
        for t in sorted(set(gold) | set(pred), key=lambda t: (-gold[t], -pred[t], t)):
            p, r, f = prf(tp[t], pred[t], gold[t])
            print(f"{t:<34}{gold[t]:>8}{pred[t]:>6}{p:>7.3f}{r:>7.3f}{f:>7.3f}")

    if args.errors:
        print()
        for stem, item, p, want, got in errors:
            head = item["text"][:34].replace("\n", " ")
            if p is None:
                print(f"{stem} @{item['start']} UNMATCHED labelled={sorted(want)}  {head}")
                continue
            where = "" if p["start"] == item["start"] else f" (predicted @{p['start']}-{p['end']})"
            print(f"{stem} @{item['start']}{where} missing={sorted(want - got)} extra={sorted(got - want)}"
                  f" labelled={sorted(want)}  {head}")

    total_tp, total_pred, total_gold = sum(tp.values()), sum(pred.values()), sum(gold.values())
    p, r, f = prf(total_tp, total_pred, total_gold)
    print(f"\nmeasures: {n_matched}/{n_items} matched; pairs: {total_tp} right, {total_pred} predicted, "
          f"{total_gold} labelled")
    print(f"topics P={p:.3f} R={r:.3f} F1={f:.3f} matched={n_matched / n_items if n_items else 0:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
