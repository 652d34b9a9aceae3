"""python -m calculator.policy_files: compile policies/*.yaml into build/policies/ (build_scripts/build)."""

import sys

from .compiler import main

sys.exit(main())
