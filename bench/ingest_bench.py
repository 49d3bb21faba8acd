"""Ingest benchmark: N synthetic reports through `manage.py ingest`, on SQLite and on PostgreSQL.

    .venv/bin/python bench/ingest_bench.py                      # 1,000 reports, both databases
    .venv/bin/python bench/ingest_bench.py --reports 200 --backends sqlite --workers 0 1

The reports are made from the five sample texts by changing their numbers
(so every text hashes differently and every indicator has a new value) while
keeping years and ordinals, so each one still parses like a real report.
Each run starts from a fresh database prepared by `setup_archive --no-samples`
and runs `ingest` as its own process, timed from outside; RSS is sampled from
/proc while it runs (early vs late shows whether memory stays flat), and the
peak comes from wait4(). Output: one line per run, and bench/out/ingest.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
OUT = ROOT / "bench" / "out"
SAMPLES = ROOT / "fixtures" / "sample_reports"

# A number that is a quantity, not a date or an ordinal: not after 第, not before 年/月/日/号.
NUMBER = re.compile(r"(?<![第\d.])(\d+(?:\.\d+)?)(?![\d.]*[年月日号])")


def vary(text: str, rng: random.Random) -> str:
    def repl(match):
        raw = match.group(1)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw) * rng.uniform(0.5, 1.5)
        return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))

    return NUMBER.sub(repl, text)


def make_corpus(count: int, folder: Path, seed: int = 20260) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    templates = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    rng = random.Random(seed)
    seen = set()
    for i in range(count):
        text = vary(templates[i % len(templates)], rng)
        while hashlib.sha256(text.encode()).hexdigest() in seen:
            text += "\n"  # a collision is unlikely but must not turn into an "unchanged"
        seen.add(hashlib.sha256(text.encode()).hexdigest())
        (folder / f"r{i:05d}.txt").write_text(text, encoding="utf-8")


def fresh_database(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        path = workdir / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    url = os.environ.get("BENCH_PG_URL", "postgres://root@127.0.0.1:5432/archive_bench")
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def measured(cmd, env):
    """Run cmd; return (seconds, peak RSS KiB of the process tree's largest process, RSS samples, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples, done = [], threading.Event()

    def sample():
        while not done.wait(0.25):
            samples.append((time.perf_counter() - started, rss_kib(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    err_chunks = []
    err_reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    err_reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    reader.join()
    err_reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write("".join(err_chunks)[-2000:])
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    return elapsed, usage.ru_maxrss, samples, "".join(out_chunks)


def run(backend: str, workers: int, corpus: Path, count: int) -> dict:
    env = dict(os.environ, DATABASE_URL=fresh_database(backend, OUT), DEBUG="1")
    subprocess.run([PYTHON, "manage.py", "setup_archive", "--no-samples", "-v0"], env=env, cwd=ROOT, check=True)
    cmd = [PYTHON, "manage.py", "ingest", str(corpus), "--no-progress", f"--workers={workers}"]
    elapsed, peak, samples, out = measured(cmd, env)
    summary = out.strip().splitlines()[-1]
    if f"新增 {count} " not in summary:
        raise SystemExit(f"unexpected ingest summary: {summary}")
    # RSS early (after the first quarter of the run) vs at the end: flat memory means these agree.
    quarter = [kib for t, kib in samples if t >= elapsed / 4 and kib] or [0]
    late = [kib for t, kib in samples if kib] or [0]
    return {
        "backend": backend, "workers": workers, "reports": count, "seconds": round(elapsed, 1),
        "reports_per_s": round(count / elapsed, 1), "peak_rss_mib": round(peak / 1024, 1),
        "rss_at_25pct_mib": round(quarter[0] / 1024, 1), "rss_at_end_mib": round(late[-1] / 1024, 1),
        "summary": summary,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--workers", nargs="+", type=int, default=[0, 1])
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = OUT / "corpus"
    make_corpus(args.reports, corpus)
    results = []
    for backend in args.backends:
        for workers in args.workers:
            result = run(backend, workers, corpus, args.reports)
            results.append(result)
            print(f"{backend:10} workers={workers}  {result['reports']} reports in {result['seconds']} s = "
                  f"{result['reports_per_s']} reports/s; peak RSS {result['peak_rss_mib']} MiB "
                  f"(at 25 %: {result['rss_at_25pct_mib']} MiB, at end: {result['rss_at_end_mib']} MiB)", flush=True)
    (OUT / "ingest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
