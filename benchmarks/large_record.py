"""One person's record of 10,000 activities (run: .venv/bin/python -m benchmarks.large_record [count]).

Issue 11 §4: a 金华 per-day activity wrote one step per capped day and a 三援 was copied into every
year it covers; a record of 10,000 such items took 88 s and 6.6 GB. Two records are scored in a child
process each (CPython) through the JSON entry point the browser uses (calculator.api.score_json),
and the seconds (wall clock, and CPU time, steadier on a loaded machine), the peak memory (RSS) and
the size of the JSON answer with how many activities it gives in full and as references (a spread
activity in a year other than its entry year) are printed:

    金华   one year, `count` 线下理论学习 activities of 5 days each, every day over the 12-学分 cap
    益阳   five years, `count` 跨年度“三援” entered across them, each spread over 2019—2023

Target: under 1 s and 200 MB each. Not a test: nothing asserts on the numbers, which depend on the machine.
"""

import json
import resource
import subprocess
import sys
import time

from tests.golden import REPO


def jinhua(count):
    return "zhejiang-jinhua-skills-2020", {"year": 2024, "activities": [
        {"kind": "offline_theory", "params": {"hours": [8] * 5}, "category": "professional"} for _ in range(count)]}


def yiyang(count):
    aid = {"kind": "aid_over_one_year", "params": {"start_year": 2019, "end_year": 2023, "passed": True}}
    years = [{"year": year, "activities": [aid] * (count // 5)} for year in range(2019, 2024)]
    return "hunan-yiyang-2018", {"years": years}


def child(policy_id, record_path):
    """In the child: score once, print seconds and the answer's size."""
    from calculator.api import score_json
    policy = (REPO / "build" / "policies" / f"{policy_id}.json").read_text(encoding="utf-8")
    record = open(record_path, encoding="utf-8").read()
    start, cpu_start = time.perf_counter(), time.process_time()
    answer = score_json(policy, record)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the answer is read back below
    parsed = json.loads(answer)
    years = parsed["result"].get("years", [parsed["result"]]) if parsed["ok"] else []
    items = [item for year in years for item in year["activities"]]
    references = sum("source_index" in item for item in items)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "bytes": len(answer.encode("utf-8")), "ok": parsed["ok"],
                      "full": len(items) - references, "references": references,
                      "peak_mb": peak}))


def main(count=10_000):
    import tempfile
    for name, make in (("金华 per-day", jinhua), ("益阳 三援", yiyang)):
        policy_id, record = make(count)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as file:
            json.dump(record, file)
        done = subprocess.run([sys.executable, "-m", "benchmarks.large_record", "--child", policy_id, file.name],
                              cwd=REPO, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name}: {count} activities, {result['seconds']:.2f} s ({result['cpu']:.2f} s CPU), peak {result['peak_mb']:.0f} MB, "
              f"answer {result['bytes'] / 1e6:.1f} MB ({result['full']} activities in full, {result['references']} "
              f"references), ok={result['ok']}  (target < 1 s, < 200 MB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
