#!/usr/bin/env python3
"""Save-to-verdict benchmark (a script, not a timed test).

Measures, on a warmed exercise that uses tokio + reqwest + a local mock server (wiremock):
  A  bare `cargo test --bin NAME` after a one-line edit
  B  `runner run NAME` after the same edit
  C  watch mode: write the file, time until the verdict is printed
  N  `runner run NAME` with nothing changed (no-op re-check)
and prints medians and the ratios B/A and C/A.

Usage: python3 bench/save_to_verdict.py [EXERCISE] [RUNS]   (from the course root)
The exercise file is edited (a comment line appended) and restored at the end.
"""
import os
import select
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = sys.argv[1] if len(sys.argv) > 1 else "get_typed_json"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
RUNNER = os.path.join(ROOT, "target", "debug", "runner")
ENV = dict(os.environ, NO_COLOR="1")


def exercise_path():
    out = subprocess.run([RUNNER, "list", "--json"], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    import json
    for stage in json.loads(out.stdout)["stages"]:
        for ex in stage["exercises"]:
            if ex["name"] == NAME:
                return os.path.join(ROOT, ex["path"])
    sys.exit(f"no exercise {NAME}")


PATH = None
ORIGINAL = None
counter = 0


def edit():
    """A one-line edit: a new comment line, so the file must be compiled again."""
    global counter
    counter += 1
    with open(PATH, "w") as f:
        # At the top, in the code part: the tests part is always graded from the original.
        f.write(f"// bench edit {counter} {time.time()}\n" + ORIGINAL)


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bare():
    edit()
    return timed(["cargo", "test", "--quiet", "--manifest-path", "course/Cargo.toml", "--bin", NAME])


def runner_run():
    edit()
    return timed([RUNNER, "run", NAME])


def noop():
    return timed([RUNNER, "run", NAME])


def watch_runs(n):
    proc = subprocess.Popen([RUNNER, "watch"], cwd=ROOT, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    buf = b""

    def wait_for_verdict(deadline):
        nonlocal buf
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.05)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    return False
                buf += chunk
                text = buf.decode(errors="replace")
                # A screen is complete when its key legend is printed after a verdict line.
                if (f"✗ {NAME}:" in text or f"✓ {NAME}:" in text) and text.rstrip().endswith("q quit") and "Checking..." not in text.split("────")[-1]:
                    return True
        return False

    # Make NAME current, then wait for the first verdict.
    subprocess.run([RUNNER, "list"], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL)
    wait_for_verdict(time.perf_counter() + 300)
    times = []
    for _ in range(n):
        buf = b""
        start = time.perf_counter()
        edit()
        if wait_for_verdict(start + 120):
            times.append(time.perf_counter() - start)
        time.sleep(0.3)  # let the debounce and prebuild settle between samples
    proc.stdin.write(b"q\n")
    proc.stdin.flush()
    proc.wait(timeout=30)
    return times


def set_current():
    progress = os.path.join(ROOT, ".runner", "progress.toml")
    text = open(progress).read() if os.path.exists(progress) else "format_version = 1\n"
    lines = [l for l in text.splitlines() if not l.startswith("current =")]
    lines.insert(1, f'current = "{NAME}"')
    os.makedirs(os.path.dirname(progress), exist_ok=True)
    open(progress, "w").write("\n".join(lines) + "\n")
    return text


def main():
    global PATH, ORIGINAL
    subprocess.run(["cargo", "build", "--quiet", "--bin", "runner"], cwd=ROOT, check=True)
    PATH = exercise_path()
    ORIGINAL = open(PATH).read()
    saved_progress = None
    try:
        runner_run()  # warm: dependencies and the exercise built once
        bare()
        a = [bare() for _ in range(RUNS)]
        b = [runner_run() for _ in range(RUNS)]
        n = [noop() for _ in range(RUNS)]
        saved_progress = set_current()
        c = watch_runs(RUNS)
    finally:
        open(PATH, "w").write(ORIGINAL)
        if saved_progress is not None:
            open(os.path.join(ROOT, ".runner", "progress.toml"), "w").write(saved_progress)
    med = statistics.median
    print(f"exercise: {NAME}, {RUNS} runs each, medians")
    print(f"A  cargo test --bin (after edit)   {med(a):.3f} s   {sorted(round(x, 3) for x in a)}")
    print(f"B  runner run (after edit)         {med(b):.3f} s   B/A = {med(b) / med(a):.2f}")
    if c:
        print(f"C  watch save-to-verdict           {med(c):.3f} s   C/A = {med(c) / med(a):.2f}")
    print(f"N  runner run, nothing changed     {med(n):.3f} s")


if __name__ == "__main__":
    main()
