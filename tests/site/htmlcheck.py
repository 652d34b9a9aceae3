"""A small reader for the built HTML (stdlib html.parser): ids, links and marked blocks."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """ids: every id (and <a name>); links: (tag, attr, url, rel); blocks: data-activity -> {text, hrefs}."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []
        self.blocks = {}
        self.texts = []
        self._stack = []      # open tags, each (tag, block key or None)
        self._open = []       # keys of open blocks
        self._link_text = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for attr in ("href", "src"):
            if attrs.get(attr) is not None:
                self.links.append((tag, attr, attrs[attr], attrs.get("rel", "")))
                for key in self._open:
                    if tag == "a" and attr == "href":
                        self.blocks[key]["hrefs"].append(attrs[attr])
        if tag == "a" and attrs.get("href") is not None:
            self._link_text = (attrs["href"], [])
        if tag in VOID:
            return
        key = attrs.get("data-activity")
        if key:
            self.blocks[key] = {"text": [], "hrefs": [], "links": []}
            self._open.append(key)
        self._stack.append((tag, key))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "a" and self._link_text:
            href, parts = self._link_text
            for key in self._open:
                self.blocks[key]["links"].append((href, "".join(parts).strip()))
            self._link_text = None
        while self._stack:
            open_tag, key = self._stack.pop()
            if key:
                self._open.remove(key)
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.texts.append(data)
        for key in self._open:
            self.blocks[key]["text"].append(data)
        if self._link_text:
            self._link_text[1].append(data)

    def text(self):
        return "".join(self.texts)

    def block_text(self, key):
        return "".join(self.blocks[key]["text"])
