"""The guide site's generated pages, built from the compiled policies (build/policies/*.json).

Kept apart from MkDocs: every function here takes plain data and returns Markdown/HTML text, so
`build_scripts/site_hooks.py` stays a thin adapter and a later move to another generator is cheap.
"""
