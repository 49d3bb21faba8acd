"""Throughput under gunicorn: a page against the floor page, with wrk on 127.0.0.1 only.

    DATABASE_URL=postgres://root@127.0.0.1:5432/archive_scale .venv/bin/python bench/load.py /reports/ /search/?q=调解

Starts `gunicorn -w 2` (DEBUG off, the production settings plus /__floor__/), then runs wrk
(`apt-get install wrk`) for --seconds against the floor and each page in turn, twice, with a
bounded number of connections, and prints requests/s and each page's share of the floor's rate.
The load generator shares the two cores with the server: compare the ratio, not the absolute rate.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
                         capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.load_settings", "DEBUG": "0",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789"),
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "-w", str(args.workers),
         "-b", f"127.0.0.1:{PORT}", "--pythonpath", str(ROOT), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        urls = ["/__floor__/", *args.pages]
        for url in urls:  # warm each worker
            for _ in range(4):
                urllib.request.urlopen(base + quote(url, safe="/?=&+"), timeout=30).read()
        rates = {url: [] for url in urls}
        for _ in range(2):
            for url in urls:
                rates[url].append(wrk(base + quote(url, safe="/?=&+"), args.seconds, args.connections))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    floor = sum(rates["/__floor__/"]) / 2
    rows = [{"url": u, "req_per_s": round(sum(r) / 2, 1), "share_of_floor": round(sum(r) / 2 / floor, 3)} for u, r in rates.items()]
    for row in rows:
        print(f"{row['url']:40} {row['req_per_s']:8.1f} req/s  {row['share_of_floor'] * 100:5.1f} % of the floor")
    if args.json:
        Path(args.json).write_text(json.dumps({"workers": args.workers, "connections": args.connections,
                                               "seconds": args.seconds, "pages": rows}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
