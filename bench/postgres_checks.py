#!/usr/bin/env python3
"""PostgreSQL check benchmark (a script, not a timed test).

On a fixture course of SQL exercises on the PostgreSQL engine, in a temporary directory:
  cold   `runner run q0` in a course never checked before: initdb, server start, template, check
  warm   `runner run q0` again: server start (the cluster and the template are reused), check
  later  one more check inside a running runner: (`verify` of 11 exercises - `verify` of 1) / 10
and prints the medians against the targets (first check <= 3 s, later checks <= 200 ms).

Usage: python3 bench/postgres_checks.py [RUNS]   (needs PostgreSQL's server binaries)
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
RUNNER = os.path.join(ROOT, "target", "debug", "runner")
ENV = dict(os.environ, NO_COLOR="1")
SHOP = "CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL, price integer);\n" + "".join(
    f"INSERT INTO products VALUES ({i}, 'item {i}', {i * 7 % 100});\n" for i in range(1, 201)
)
QUERY = "SELECT name, price FROM products WHERE price < 50 ORDER BY price, id;\n"


def course(directory, count):
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["course"]\nresolver = "3"\n',
        "course/Cargo.toml": '[package]\nname = "course"\nversion = "0.0.0"\nedition = "2024"\npublish = false\nautobins = false\n',
        "exercises/00_pg/README.md": "# PostgreSQL\n",
        "exercises/00_pg/shop.sql": SHOP,
    }
    info = '[course]\ntitle = "Bench"\n\n[[stages]]\ndir = "00_pg"\ntitle = "PostgreSQL"\n'
    for i in range(count):
        info += f'\n[[exercises]]\nname = "q{i}"\nstage = "00_pg"\nverifier = "sql"\nhint = "h"\n[exercises.sql]\nengine = "postgres"\nfixture = "shop.sql"\n'
        files[f"exercises/00_pg/q{i}.sql"] = QUERY
        files[f"solutions/00_pg/q{i}.sql"] = QUERY
    files["info.toml"] = info
    for rel, text in files.items():
        path = os.path.join(directory, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    os.chmod(directory, 0o755)  # under root the server runs as another user


def timed(directory, *args):
    start = time.perf_counter()
    done = subprocess.run([RUNNER, *args], cwd=directory, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"runner {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def main():
    if not os.path.isfile(RUNNER):
        sys.exit("build the runner first: cargo build")
    cold, warm, later = [], [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as eleven:
            course(one, 1)
            course(eleven, 11)
            cold.append(timed(one, "run", "q0"))
            warm.append(timed(one, "run", "q0"))
            timed(eleven, "verify")  # the cluster and template made once, not measured
            single = timed(one, "verify")
            many = timed(eleven, "verify")
            later.append((many - single) / 10)
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"load average {load}, {RUNS} runs, medians:")
    print(f"  cold   first check, initdb included  {statistics.median(cold) * 1000:7.0f} ms   (target <= 3000 ms: {statistics.median(cold) / 3:.2f} of it)")
    print(f"  warm   a new runner's first check    {statistics.median(warm) * 1000:7.0f} ms")
    print(f"  later  each further check            {statistics.median(later) * 1000:7.0f} ms   (target <= 200 ms: {statistics.median(later) / 0.2:.2f} of it)")


if __name__ == "__main__":
    main()
