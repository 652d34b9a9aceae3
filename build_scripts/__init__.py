"""The build's steps, each run as `python -m build_scripts.<step>` by build_scripts/build."""

import argparse
import sys
from pathlib import Path


def site_step_main(name, doc, step, errors, argv=None):
    """The command line of a step that works on the built site: `--site DIR` (default: site/).

    A failure the step expects (one of `errors`) is one line `<name>: error: …` and exit status 1,
    never a traceback.
    """
    parser = argparse.ArgumentParser(prog=f"python -m build_scripts.{name}", description=doc.splitlines()[0])
    parser.add_argument("--site", default=str(Path(__file__).resolve().parent.parent / "site"),
                        help="the built site (default: site/)")
    args = parser.parse_args(argv)
    try:
        step(Path(args.site).resolve())
    except errors as error:
        print(f"{name}: error: {error}", file=sys.stderr)
        return 1
    return 0
