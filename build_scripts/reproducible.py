"""Byte-for-byte reproducible build outputs: digests and zip files.

The engine wheel (package_calculator.py) and the offline copy (offline.py) are both zip files whose
hash is recorded (in the manifest, in the release): the same inputs must give the same bytes on every
machine and every build. So entries are written in the order given, with a fixed timestamp, fixed
Unix permissions and a fixed compression level, never the checkout's file times or umask.
"""

import base64
import hashlib
import zipfile
from pathlib import Path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def sha256_urlsafe(data):
    """The digest as a wheel's RECORD writes it: urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def write_zip(target, entries):
    """Write (name, bytes) pairs into the zip file target, in the order given, reproducibly.

    The file appears only once complete (written beside it, then renamed), so a build that stops
    half-way never leaves a truncated archive that looks finished.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o100644 << 16
            entry.create_system = 3  # Unix, so the mode above is read the same everywhere
            archive.writestr(entry, data, compresslevel=9)
    partial.replace(target)
    return target
