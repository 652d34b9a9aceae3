"""The policy-language reference is published in the site, generated from the schema at build time."""

import json
import re

from tests.golden import REPO


def test_the_language_reference_page_is_built_from_the_schema(site_dir):
    html = (site_dir / "language" / "index.html").read_text(encoding="utf-8")
    schema = json.loads((REPO / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", "", html)
    for description in (schema["$defs"]["multi_year_check"]["description"],
                        schema["$defs"]["activity"]["properties"]["spread"]["description"],
                        schema["properties"]["person"]["description"]):
        assert re.sub(r"`", "", description)[:30] in text
    assert 'id="lang-deadline-rule"' in html and 'id="lang-era-extension"' in html
    # linked from the authoring page
    contributing = (site_dir / "contributing" / "index.html").read_text(encoding="utf-8")
    assert 'href="../language/' in contributing
