"""Read built pages as a resident would: a small element tree with text, for assertions.

Usage::

    page = read_page(site / "wishes/2022-05-16-haircut/index.html")
    assert "马女士的父亲" in page.text
    rows = page.find_all("tr")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    """One element: its tag, attributes, children (nodes and text) and parent."""

    tag: str
    attrs: dict[str, str | None]
    children: list = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The visible text inside, whitespace collapsed."""
        return re.sub(r"\s+", " ", "".join(self._texts())).strip()

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag not in ("script", "style", "title", "svg"):
                yield from child._texts()
                if child.tag in ("p", "li", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "br", "div"):
                    yield " "

    def iter(self):
        """Every element below, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Elements by tag, class and exact attribute values."""
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in (node.attrs.get("class") or "").split():
                continue
            if any(node.attrs.get(name) != value for name, value in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        """The first matching element (fails the test when there is none)."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls} {attrs}> on the page"
        return found[0]

    def section(self, heading_id: str) -> Node:
        """The element a heading with this id belongs to (its <section>, else its parent)."""
        node = self.find(id=heading_id)
        while node.parent is not None and node.tag != "section":
            node = node.parent
        return node


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = Node(tag, dict(attrs), parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.current.children.append(Node(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    """Parse an HTML text into a tree."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def read_page(path: Path) -> Node:
    """Parse a built page."""
    return parse_html(path.read_text(encoding="utf-8"))
