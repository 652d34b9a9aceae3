"""The README's layout table matches the tree, both ways.

Every top-level folder has a row; every file and folder directly in the folders listed in FULLY_LISTED
is named in its folder's row (a subfolder may have a row of its own instead); every folder with a row
exists, and every path a row names (`x.py`, `sub/`, `golden/*.yaml`) exists in that folder or at the
repo root. The files are git's (tracked, or new and not ignored), so build output never counts.
"""

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FULLY_LISTED = ("build_scripts", "calculator", "docs/assets/calculator")
PATH_SUFFIXES = (".py", ".js", ".mjs", ".css", ".json", ".yaml", ".md", ".j2", ".html", ".toml", ".txt")


def layout_rows():
    """{folder: [backquoted words of its row's description]} from README.md's '## Layout' table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Layout\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Layout' section"
    rows = {}
    for line in section.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) == 2 and re.fullmatch(r"`[^`]+/`", cells[0]):
            rows[cells[0].strip("`").rstrip("/")] = re.findall(r"`([^`]+)`", cells[1])
    assert rows, "no '| `folder/` | what |' rows in README.md's layout section"
    return rows


def tree_files():
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                                cwd=REPO, capture_output=True, check=True).stdout.decode("utf-8")
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.fail(f"cannot list the tree's files with git: {error}", pytrace=False)
    return [path for path in listed.split("\0") if path and (REPO / path).exists()]


def entries_of(folder, files):
    """The names directly in folder: 'x.py' for a file, 'sub/' for a folder."""
    entries = set()
    for path in files:
        if path.startswith(folder + "/"):
            first, _, rest = path[len(folder) + 1:].partition("/")
            entries.add(first + "/" if rest else first)
    return entries


def test_every_top_level_folder_has_a_row():
    rows = layout_rows()
    folders = {path.split("/")[0] for path in tree_files() if "/" in path}
    missing = sorted(folder for folder in folders if folder not in rows)
    assert not missing, f"README.md's layout table has no row for: {', '.join(f + '/' for f in missing)}"


@pytest.mark.parametrize("folder", FULLY_LISTED)
def test_every_entry_of_a_fully_listed_folder_is_named(folder):
    rows = layout_rows()
    assert folder in rows, f"README.md's layout table has no row for {folder}/"
    named = set(rows[folder])
    missing = sorted(entry for entry in entries_of(folder, tree_files())
                     if entry not in named and f"{folder}/{entry}" not in named
                     and not (entry.endswith("/") and f"{folder}/{entry}".rstrip("/") in rows))
    assert not missing, f"README.md's layout row for {folder}/ does not name: {', '.join(missing)}"


def test_every_row_and_path_named_exists():
    wrong = []
    for folder, words in layout_rows().items():
        if not (REPO / folder).is_dir():
            wrong.append(f"{folder}/ (a row)")
        for word in words:
            if " " in word or not (word.endswith("/") or word.endswith(PATH_SUFFIXES)):
                continue  # not a path: a command, an option, a module's dotted name
            if not any(next(base.glob(word.rstrip("/")), None) for base in (REPO / folder, REPO)):
                wrong.append(f"{word} (in the row of {folder}/)")
    assert not wrong, f"README.md's layout table names what does not exist: {', '.join(wrong)}"
