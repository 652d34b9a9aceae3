"""The batch check at a unit's scale (run: .venv/bin/python -m benchmarks.batch_scale [people] [activities]).

Default 10,000 people × 10 activities of 桐庐 2018 (one year each, random valid kinds and
parameters), written as a .csv and as a .xlsx the way HR staff fill the template. Each file is
read, scored and exported (.xlsx and .csv) by the same code twice:

    CPython   python -m calculator batch … -o results.xlsx, in a child process (time, peak RSS)
    Pyodide   tests/pyodide/run_batch.mjs under Node (V8, the engine Chromium runs the page's
              worker with): the shipped openpyxl wheels, BatchJob in chunks of 500, as the worker
    Chromium  the built 单位批量核对 page in headless Chromium (a local server): from picking the
              file to the table shown, the page's own worker in chunks of 250 (no export), with
              the CPU time and peak memory of the browser's processes

and prints the seconds of each phase, the speed ratio (CPython time / Pyodide time; the target is
≥ 0.5) and the peak memory. Needs a built site (build_scripts/build) for the wheels. Not a test:
nothing asserts on the numbers, which depend on the machine.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from calculator.sheets import layout
from calculator.sheets.files import template_csv
from tests.golden import REPO
from tests.sheet_people import _activity

POLICY = "zhejiang-tonglu-2018"


def rows(policy, people, activities, year=2024):
    import random
    rng = random.Random(12)
    era = policy["eras"][0]
    for n in range(people):
        base = {layout.PERSON_ID: f"330106{n:012d}", layout.PERSON_NAME: f"职工{n + 1}", layout.YEAR: year}
        for index in range(activities):
            _, cells = _activity(policy, era, year, rng, index)
            yield {**base, layout.KIND: cells.pop("kind"), **cells}


def write_files(policy, folder, people, activities):
    header = template_csv(policy).lstrip("\ufeff").splitlines()[0].split(",")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("活动记录")
    sheet.append(header)
    lines = [",".join(header)]
    for row in rows(policy, people, activities):
        values = [row.get(label) for label in header]  # blank cells are absent, as Excel saves them
        sheet.append(values)
        lines.append(",".join("" if v is None else str(v) for v in values))
    book.save(folder / "unit.xlsx")
    (folder / "unit.csv").write_text("\r\n".join(lines) + "\r\n", encoding="gbk")


def cpython(folder, name):
    """Seconds, CPU seconds and peak RSS (MB) of `python -m calculator batch` on the file, this child only."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, "-m", "calculator", "batch", POLICY, str(folder / name),
                                  "-o", str(folder / f"cpython-{name}.xlsx")], stdout=subprocess.DEVNULL,
                                 stderr=errors, cwd=REPO)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage (not the largest child so far)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(errors.read().decode("utf-8", "replace"))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1000  # kB on Linux -> MB


def pyodide(folder, name):
    out = folder / f"pyodide-{name}"
    out.mkdir()
    done = subprocess.run(["node", str(REPO / "tests" / "pyodide" / "run_batch.mjs"),
                           str(REPO / "build" / "policies" / f"{POLICY}.json"), str(out), str(folder / name)],
                          capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    line = next(line for line in done.stderr.splitlines() if line.startswith("BATCH_META "))
    return json.loads(line.split(" ", 1)[1])


def chromium(folder, name):
    """Seconds from picking the file on the batch page to its table in headless Chromium, with the CPU
    seconds and the peak memory (MB, summed PSS, sampled) of the browser's processes (found by their
    profile folder)."""
    import threading

    from playwright.sync_api import sync_playwright

    from tests.web import CHROMIUM, CHROMIUM_ARGS, SITE, StaticServer
    with tempfile.TemporaryDirectory(prefix="jxjy-bench-profile-") as profile, StaticServer(SITE) as server, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = context.new_page()
        page.goto(f"{server.url}batch/?policy={POLICY}")
        page.wait_for_selector(f"#jx-batch[data-engine='ready'][data-policy='{POLICY}']", timeout=180_000)
        pids = _process_tree(profile)
        peak, done = [0], threading.Event()

        def sample():
            while not done.wait(0.2):
                peak[0] = max(peak[0], sum(_proc(pid)[1] for pid in pids))
        sampler = threading.Thread(target=sample)
        sampler.start()
        cpu = sum(_proc(pid)[0] for pid in pids)
        start = time.perf_counter()
        page.locator("#jx-batch-files").set_input_files(str(folder / name))
        page.wait_for_selector("#jx-batch[data-busy='0'] .jx-batch-grid", timeout=900_000)
        seconds = time.perf_counter() - start
        cpu = sum(_proc(pid)[0] for pid in pids) - cpu
        done.set()
        sampler.join()
        context.close()
    return seconds, cpu, peak[0] / 1e6


def _process_tree(marker):
    """The pids of the processes whose command line names `marker` (the browser) and their descendants."""
    parents, found = {}, set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def _proc(pid):
    """(CPU seconds, proportional set size in bytes: shared pages split among their processes, so the
    sizes of a browser's processes add up) of a live process; (0, 0) once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        pss = next(line for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0, 0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(pss.split()[1]) * 1024


def main(argv):
    people = int(argv[0]) if argv else 10_000
    activities = int(argv[1]) if len(argv) > 1 else 10
    policy = json.loads((REPO / "build" / "policies" / f"{POLICY}.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="jxjy-batch-") as name:
        folder = Path(name)
        write_files(policy, folder, people, activities)
        print(f"{people} people × {activities} activities ({POLICY}): "
              f"unit.csv {(folder / 'unit.csv').stat().st_size / 1e6:.1f} MB, "
              f"unit.xlsx {(folder / 'unit.xlsx').stat().st_size / 1e6:.1f} MB")
        for file in ("unit.csv", "unit.xlsx"):
            seconds, cpu, peak = cpython(folder, file)
            meta = pyodide(folder, file)
            work = (meta["read_ms"] + meta["score_ms"] + meta["export_ms"]) / 1000
            print(f"\n{file}")
            print(f"  CPython  read + score + export .xlsx: {seconds:6.1f} s, CPU {cpu:.1f} s"
                  f"  (whole process with start-up; peak RSS {peak:.0f} MB)")
            print(f"  Pyodide  read {meta['read_ms'] / 1000:.1f} s + score {meta['score_ms'] / 1000:.1f} s"
                  f" + export {meta['export_ms'] / 1000:.1f} s = {work:6.1f} s, CPU {meta['cpu_ms'] / 1000:.1f} s"
                  f"  (+ start {meta['load_ms'] / 1000:.1f} s, wheels {meta['wheels_ms'] / 1000:.1f} s;"
                  f" peak RSS {meta['peak_rss_mb']} MB)")
            page, page_cpu, page_peak = chromium(folder, file)
            print(f"  Chromium the batch page, file picked -> table shown: {page:6.1f} s, CPU {page_cpu:.1f} s"
                  f" (every browser process; peak memory {page_peak:.0f} MB, summed PSS)")
            print(f"  speed ratio CPython/Pyodide (CPU time): {cpu / (meta['cpu_ms'] / 1000):.2f}"
                  f"  (target ≥ 0.5; whole run target < 30 s; wall times depend on the machine's load)")


if __name__ == "__main__":
    main(sys.argv[1:])
