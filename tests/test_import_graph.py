"""The calculator package's imports form a tree: no cycle, not even one hidden in a function. It never
imports build_scripts, and importing it (the engine, its API, its CLI, its policy loading) imports the
standard library only: the wheel runs in Pyodide, where nothing else is installed."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "calculator"


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts}


def imports(name):
    """(imported module, line, at module level) for every import statement in module `name`."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in MODULES else base), node.lineno, id(node) in top


def graph():
    return {name: {target for target, _, _ in imports(name) if target in MODULES and target != name} for name in MODULES}


def find_cycle(edges):
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                return trail[trail.index(target):] + [target]
            if target not in state:
                found = visit(target, trail + [target])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_the_package_imports_form_no_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


# What a function may import when it runs in CPython, never when the package is imported: the policy
# compiler's PyYAML and jsonschema, the sheets' openpyxl.
LAZY_ALLOWED = {"yaml", "jsonschema", "openpyxl"}
ENTRY_POINTS = ["calculator", "calculator.api", "calculator.cli", "calculator.policy_files"]


def test_the_package_never_imports_build_scripts():
    found = [f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: imports {target}"
             for name in sorted(MODULES) for target, line, _ in imports(name) if target.startswith("build_scripts")]
    assert not found, "\n".join(found)


def test_importing_the_package_needs_the_standard_library_only():
    reached, todo = set(), list(ENTRY_POINTS)
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += [target for target, _, top in imports(name) if top and target in MODULES]
    found = []
    for name in sorted(MODULES):
        for target, line, top_level in imports(name):
            root = target.partition(".")[0]
            if root == "calculator" or root in sys.stdlib_module_names:
                continue
            if (name in reached and top_level) or root not in LAZY_ALLOWED:
                found.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: imports {target}")
    assert not found, "\n".join(found)


def test_importing_the_package_loads_no_build_time_library():
    code = ("import sys; " + "; ".join(f"import {name}" for name in ENTRY_POINTS)
            + "; print(sorted({m.partition('.')[0] for m in sys.modules} & " + repr(LAZY_ALLOWED) + "))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
