"""build_scripts.reproducible: the same entries give the same zip bytes, whatever the clock or umask."""

import base64
import hashlib
import os
import time
import zipfile

from build_scripts.reproducible import ZIP_TIME, sha256_hex, sha256_urlsafe, write_zip


def test_same_entries_same_bytes(tmp_path):
    entries = [("a/b.txt", b"x" * 1000), ("a/c.py", "print('学分')\n".encode("utf-8"))]
    first = write_zip(tmp_path / "one" / "out.zip", entries)
    time.sleep(2.1)  # a zip timestamp has a 2-second resolution: a clock-stamped entry would differ
    old = os.umask(0o077)
    try:
        second = write_zip(tmp_path / "two" / "out.zip", entries)
    finally:
        os.umask(old)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert [info.filename for info in archive.infolist()] == ["a/b.txt", "a/c.py"]
        for info in archive.infolist():
            assert info.date_time == ZIP_TIME
            assert info.external_attr >> 16 == 0o100644
        assert archive.read("a/c.py") == entries[1][1]
    assert not list(tmp_path.rglob("*.partial"))


def test_digests_match_hashlib():
    for data in (b"", b"abc", bytes(range(256)) * 3):
        digest = hashlib.sha256(data).digest()
        assert sha256_hex(data) == digest.hex()
        assert base64.urlsafe_b64decode(sha256_urlsafe(data) + "=" * (-len(sha256_urlsafe(data)) % 4)) == digest
        assert "=" not in sha256_urlsafe(data)
