"""The browser's plain-JavaScript SHA-256 (used where a page has no crypto.subtle, e.g. plain http:// on
another host) gives Node's crypto digest for every length 0-200 (all padding cases: 55, 56, 63, 64,
119, 120 bytes...) and for a 10 MB input. The function is taken from the calculator's browser code
as shipped, wherever it lives there."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSER_CODE = Path(__file__).resolve().parents[1] / "docs" / "assets" / "calculator"
NAME = "sha256Plain"

CHECK = r"""
const crypto = require("node:crypto");
const sha256Plain = new Function(require("node:fs").readFileSync(0, "utf8") + "\nreturn sha256Plain;")();
const hex = (bytes) => Buffer.from(bytes).toString("hex");
const wrong = [];
const check = (bytes) => {
  const expected = crypto.createHash("sha256").update(bytes).digest("hex");
  const got = hex(sha256Plain(new Uint8Array(bytes)));
  if (got !== expected) wrong.push({length: bytes.length, got, expected});
};
for (let length = 0; length <= 200; length += 1) {
  check(crypto.randomBytes(length));
  check(Buffer.alloc(length, 0xff));
}
check(crypto.randomBytes(10 * 1024 * 1024));
console.log(JSON.stringify({checked: 2 * 201 + 1, wrong}));
"""


def function_source():
    """The text of `function sha256Plain(...) {...}` from the browser code (braces balanced)."""
    for path in sorted(BROWSER_CODE.rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        found = re.search(rf"\bfunction {NAME}\s*\(", text)
        if not found:
            continue
        depth, start = 0, text.index("{", found.end())
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                return text[found.start():index + 1]
    pytest.fail(f"no function {NAME} in {BROWSER_CODE}", pytrace=False)


def test_plain_sha256_matches_node_crypto():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: Node.js 20+ is needed (build_scripts/setup)", pytrace=False)
    done = subprocess.run([node, "-e", CHECK], input=function_source(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["checked"] == 403 and result["wrong"] == [], result["wrong"][:3]
