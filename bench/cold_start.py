#!/usr/bin/env python3
"""Cold-start benchmark (a script, not a timed test): a fresh clone, crates already downloaded.

For each git revision given, alternately and ROUNDS times: clone the repository at that revision
into a temporary directory (its own, empty target/), `cargo fetch`, then type the README's first
command, `cargo run`, into a tmux terminal of 110x40 and watch the screen:
  first  the first exercise is on the screen (the runner is built and started)
  verdict  the first exercise's first verdict (the course's dependencies are built too)
Prints each figure, the medians per revision and the load average before each run.

Usage: python3 bench/cold_start.py [ROUNDS] [REV...]     (default: 1 HEAD), from the repository
Needs tmux. Each run takes about a minute for `first` and two to three for `verdict`.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
REVS = sys.argv[2:] or ["HEAD"]
FIRST = "Exercise: exercises/00_welcome/"
VERDICT = ("✗ hello_backend", "✓ hello_backend")
LIMIT = 900


def screen(session):
    out = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True)
    return out.stdout


def one_run(rev):
    work = tempfile.mkdtemp(prefix="cold-start-")
    try:
        clone = os.path.join(work, "course")
        subprocess.run(["git", "clone", "-q", ROOT, clone], check=True)
        subprocess.run(["git", "checkout", "-q", rev], cwd=clone, check=True)
        subprocess.run(["cargo", "fetch", "--locked", "-q"], cwd=clone, check=True)
        session = f"cold{os.getpid()}"
        load = os.getloadavg()[0]
        env = {k: v for k, v in os.environ.items() if k not in ("CARGO_TARGET_DIR", "NO_COLOR")}
        start = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110", "-y", "40", "-c", clone, "cargo run; sleep 600"], env=env, check=True)
        first = verdict = None
        try:
            while time.perf_counter() - start < LIMIT and verdict is None:
                text = screen(session)
                now = time.perf_counter() - start
                if first is None and FIRST in text:
                    first = now
                if first is not None and any(v in text for v in VERDICT):
                    verdict = now
                time.sleep(0.1)
        finally:
            subprocess.run(["tmux", "send-keys", "-t", session, "q"])
            time.sleep(1)
            subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
        return load, first, verdict
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    results = {rev: [] for rev in REVS}
    for round_ in range(ROUNDS):
        for rev in REVS:
            load, first, verdict = one_run(rev)
            results[rev].append((first, verdict))
            show = lambda t: "never" if t is None else f"{t:6.1f} s"
            print(f"round {round_ + 1} {rev}: load {load:.2f} · first exercise {show(first)} · first verdict {show(verdict)}", flush=True)
    for rev, runs in results.items():
        firsts = [f for f, _ in runs if f is not None]
        verdicts = [v for _, v in runs if v is not None]
        if firsts and verdicts:
            print(f"{rev}: median first exercise {statistics.median(firsts):.1f} s, first verdict {statistics.median(verdicts):.1f} s")


if __name__ == "__main__":
    main()
