"""The template files themselves (issue 12): each file closes what it opens, values are never
probed with ``is defined``, one macro writes every ``<time>``, and template names are literal.

Balance (:func:`unbalanced`) is checked on each file alone, as Jinja's lexer splits it: the
text between Jinja tags goes through the standard library's ``html.parser``, ``{{ … }}``
counts as a word of text and comments as nothing. Every non-void element must be closed in
the same file, in order (``<p><b></p></b>`` fails). Jinja statements are followed:

- the branches of an ``if`` (with its ``elif``/``else``, or the empty branch it implies) may
  open or close tags, but must all leave the same tags open, so the file is balanced
  whichever branch runs; each is checked from the tags open before the ``if``;
- a ``for`` body and its ``else`` must each close what they open (the body runs any number of
  times); so must ``with``, ``filter`` and ``autoescape`` bodies;
- a ``macro``, ``call``, ``block`` or block ``set`` body is output of its own (a caller, a
  child template may replace it): it is checked from no open tag and must close everything;
- a statement inside a tag (``<tr{% if o %} class="o"{% endif %}>``) only picks attributes:
  it is ignored, but must end inside the same tag.

``tests/site`` has no ``__init__.py`` on purpose: as a package its name would be ``site``,
which the standard library's ``site`` module (imported at start-up) shadows.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from noticeboard import paths
from noticeboard.content.model import Site
from noticeboard.site.memory import ColdMemory
from noticeboard.site.render import Renderer, Settings

TEMPLATES = paths.TEMPLATES
HTML_TEMPLATES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))
MACROS = "partials/macros.html"
LEXER = jinja2.Environment()  # lexing and parsing only: no loader, no extension needed

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)  # HTML elements without an end tag
BRANCHING = frozenset({"if", "for"})
NESTED = frozenset({"with", "filter", "autoescape"})  # bodies that must close what they open
OWN_OUTPUT = frozenset({"macro", "call", "block", "set"})  # bodies checked as output of their own
WITH_BODY = BRANCHING | NESTED | OWN_OUTPUT

Tags = list[tuple[str, int]]  # the open elements, outermost first: (tag, source line)


def _tags(tags: Tags) -> list[str]:
    return [tag for tag, _ in tags]


def _shown(tags: Tags) -> str:
    return " ".join(f"<{tag}>" for tag in _tags(tags)) or "none"


@dataclass
class _Frame:
    """An open Jinja statement: the elements open at its start and at the end of each branch."""

    keyword: str
    line: int
    start: Tags
    in_tag: bool  # it began inside an HTML tag: it only picks attributes
    ends: list[Tags] = field(default_factory=list)
    has_else: bool = False

    @property
    def base(self) -> Tags:
        """What each branch starts from: nothing for a body that is output of its own."""
        return [] if self.keyword in OWN_OUTPUT else self.start


class _TagEvents(HTMLParser):
    """Start and end tags of non-void elements, in order, with the line of the fed text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.events.append(("open", tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <rect … /> in SVG: opened and closed at once

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.events.append(("close", tag, self.getpos()[0]))

    def in_tag(self) -> bool:
        """Whether the text fed so far ends inside an unfinished tag (``<tr class="…``)."""
        return self.rawdata.startswith("<") and self.cdata_elem is None


def _pieces(source: str) -> Iterator[tuple[int, str | None, list[str]]]:
    """The template as (line, text, []) and (line, None, a statement's words) pieces."""
    tokens = [t for t in LEXER.lex(source) if t[1] != "whitespace"]
    index = 0
    while index < len(tokens):
        line, kind, value = tokens[index]
        if kind == "data":
            yield line, value, []
        elif kind == "variable_begin":
            yield line, "x", []  # an expression prints a word (or a tag name: <{{ tag }}>)
            while tokens[index][1] != "variable_end":
                index += 1
        elif kind == "block_begin":
            words: list[str] = []
            index += 1
            while tokens[index][1] != "block_end":
                words.append(tokens[index][2])
                index += 1
            yield line, None, words
        index += 1  # comments, raw markers: nothing


class _Balance:
    """Follows one template's elements through its Jinja statements (see the module doc)."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.parser = _TagEvents()
        self.open: Tags = []
        self.frames: list[_Frame] = []
        self.fed_lines = 1
        self.fed_at: list[tuple[int, int]] = []  # (parser line, source line) where each text starts

    def text(self, line: int, text: str) -> None:
        self.fed_at.append((self.fed_lines, line))
        self.parser.feed(text)
        self.fed_lines += text.count("\n")
        self._take_events()

    def statement(self, line: int, words: list[str]) -> None:
        keyword = words[0] if words else ""
        if keyword in WITH_BODY and not (keyword == "set" and "=" in words):  # not {% set x = … %}
            self.frames.append(_Frame(keyword, line, self.open, self.parser.in_tag()))
            if keyword in OWN_OUTPUT and not self.frames[-1].in_tag:
                self.open = []
        elif keyword in ("elif", "else") or (keyword.startswith("end") and keyword[3:] in WITH_BODY):
            self._branch_end(line, keyword)

    def _branch_end(self, line: int, keyword: str) -> None:
        if not self.frames:
            self.problems.append(f"line {line}: {{% {keyword} %}} without its statement")
            return
        frame = self.frames[-1]
        if frame.in_tag != self.parser.in_tag():
            where = "inside" if frame.in_tag else "outside"
            self.problems.append(
                f"line {line}: {{% {keyword} %}} is not {where} a tag as the "
                f"{{% {frame.keyword} %}} of line {frame.line} is"
            )
        if keyword.startswith("end"):
            self.frames.pop()
        if frame.in_tag:
            return
        frame.ends.append(self.open)
        if not keyword.startswith("end"):
            frame.has_else = True
            self.open = list(frame.base)
            return
        if frame.keyword == "if":
            if not frame.has_else:
                frame.ends.append(frame.base)  # the branch where nothing of the if runs
            if any(_tags(end) != _tags(frame.ends[0]) for end in frame.ends):
                shown = " / ".join(_shown(end) for end in frame.ends)
                self.problems.append(
                    f"line {frame.line}: the branches of an if leave different tags open: {shown}"
                )
            self.open = list(frame.ends[0])
            return
        for end in frame.ends:
            if _tags(end) != _tags(frame.base):
                self.problems.append(
                    f"line {frame.line}: a {frame.keyword} body starting with {_shown(frame.base)} open "
                    f"ends with {_shown(end)}"
                )
        self.open = frame.start

    def _take_events(self) -> None:
        for what, tag, at in self.parser.events:
            start, first = max(fed for fed in self.fed_at if fed[0] <= at)
            line = first + at - start
            if what == "open":
                self.open = [*self.open, (tag, line)]
            elif tag not in _tags(self.open):
                self.problems.append(f"line {line}: </{tag}> closes a <{tag}> this file did not open")
            else:
                while self.open[-1][0] != tag:
                    inner, opened = self.open[-1]
                    self.problems.append(f"line {line}: </{tag}> closes before <{inner}> of line {opened}")
                    self.open = self.open[:-1]
                self.open = self.open[:-1]
        self.parser.events.clear()

    def finish(self) -> list[str]:
        self.parser.close()
        self._take_events()
        self.problems += [f"line {f.line}: {{% {f.keyword} %}} is never closed" for f in self.frames]
        self.problems += [f"line {at}: <{tag}> is never closed" for tag, at in self.open]
        return self.problems


def unbalanced(source: str) -> list[str]:
    """What one template's source leaves unclosed or closes out of turn (see the module doc)."""
    balance = _Balance()
    for line, text, words in _pieces(source):
        if text is not None:
            balance.text(line, text)
        else:
            balance.statement(line, words)
    return balance.finish()


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('<ul class="records">\n{% for x in xs %}<li>{{ x }}</li>{% endfor %}\n</ul>\n', None),
        ('{% if a %}<div class="a">{% else %}<div>{% endif %}<p>x</p></div>', None),
        ('<tr{% if o %} class="o"{% else %} class="n"{% endif %}><td>x</td></tr>', None),
        ("<p>a<br>b<img src=x></p><svg><rect/><line x1=1 /></svg><!DOCTYPE html>", None),
        ('<{{ tag }}{% if c %} class="{{ c }}"{% endif %}>\n{{ caller() }}</{{ tag }}>', None),
        ("{% macro m() %}<p>{{ caller() }}</p>{% endmacro %}{% call m() %}<b>x</b>{% endcall %}", None),
        ("<main>{% block main %}<h1>x</h1>{% endblock %}</main>", None),
        ("{% set x = 1 %}<p>{{ x }}</p>", None),
        ("<ul>{% for x in xs %}</ul><ul>{% endfor %}</ul>", None),  # closes and opens the same
        ('{% if a %}<div class="a">{% endif %}</div>', "different tags open: <div> / none"),
        ("{% if a %}<b>{% elif b %}<b>{% else %}<i>{% endif %}", "different tags open"),
        ('<footer class="site-footer">\n<div class="wrap">\n<p>x</p>\n', "<div> is never closed"),
        ("{{ site_footer }}\n</div>\n</footer>\n", "line 2: </div> closes a <div> this file did not open"),
        ("<p><b>x</p></b>", "</p> closes before <b> of line 1"),
        (
            "<ul>{% for x in xs %}<li>{{ x }}{% endfor %}</ul>",
            "a for body starting with <ul> open ends with <ul> <li>",
        ),
        ("<ul>{% for x in xs %}</ul>{% endfor %}", "a for body starting with <ul> open ends with none"),
        ("<main>{% block main %}</main>{% endblock %}", "closes a <main> this file did not open"),
        ("{% macro m() %}<p>{% endmacro %}", "a macro body starting with none open ends with <p>"),
        ("<a{% if x %}>{% endif %}</a>", "is not inside a tag"),
    ],
)
def test_the_balance_check_finds_what_it_should(source: str, problem: str | None) -> None:
    problems = unbalanced(source)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("name", HTML_TEMPLATES)
def test_every_template_closes_what_it_opens(name: str) -> None:
    assert unbalanced((TEMPLATES / name).read_text(encoding="utf-8")) == []


def defined_tests(source: str) -> list[int]:
    """The lines where a template asks ``x is defined`` or ``x is not defined``."""
    words = [(line, value) for line, kind, value in LEXER.lex(source) if kind == "name"]
    before = [w for _, w in words]
    return [
        line
        for i, (line, word) in enumerate(words)
        if word == "defined" and (before[i - 1 : i] == ["is"] or before[i - 2 : i] == ["is", "not"])
    ]


def computed_names(source: str) -> int:
    """How many templates a template uses by a name made at render time: extends, include,
    import or ``row(...)`` with anything but a literal string."""
    tree = LEXER.parse(source)
    used = list(meta.find_referenced_templates(tree))
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "row":
            first = call.args[0] if call.args else None
            used.append(first.value if isinstance(first, nodes.Const) else None)
    return used.count(None)


def time_elements(path: Path) -> list[str]:
    """The ``<time`` tags a template file writes (not those in its Jinja comments)."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        source = "".join(value for _, kind, value in LEXER.lex(source) if kind == "data")
    return re.findall(r'<time\b[^>"]*', source)


def test_the_other_checks_find_what_they_should() -> None:
    assert defined_tests("{% if a is defined %}{{ b }}{% endif %}\n{{ c if c is not defined }}") == [1, 2]
    assert defined_tests("{# is defined #}{{ defined }}{% if is_defined(x) %}{% endif %}") == []
    assert computed_names("{% macro r(t) %}{{ row(t, x=1) }}{% endmacro %}{% include name %}") == 2
    assert computed_names('{{ row("partials/wish_row.html", wish=w) }}{% include "a.html" %}') == 0


@pytest.mark.parametrize("name", HTML_TEMPLATES)
def test_no_template_asks_whether_a_value_is_defined(name: str) -> None:
    """A page is given every value it shows (StrictUndefined fails on a missing one);
    ``is defined`` would turn a producer's mistake into a silently missing part."""
    assert defined_tests((TEMPLATES / name).read_text(encoding="utf-8")) == []


def test_only_the_time_macro_writes_a_time_element() -> None:
    writers = {
        path.relative_to(TEMPLATES).as_posix(): found
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and (found := time_elements(path))
    }
    assert writers == {MACROS: ["<time datetime="]}
    (line,) = [x for x in (TEMPLATES / MACROS).read_text(encoding="utf-8").splitlines() if "<time " in x]
    assert line.startswith("{% macro time(")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_time_tag_filter_writes_what_the_time_macro_writes(language: str) -> None:
    """The engine's templates write dates with ``|time_tag``; boards' own templates may use
    ``m.time``: both give the same element."""
    site = Site(name="小院公示栏", community="小院社区")
    settings = Settings(site, language, "/", dt.date(2022, 8, 27), paths.ENGINE_THEME)
    env = Renderer(settings, ColdMemory()).env
    source = '{% import "partials/macros.html" as m %}{{ m.time(day) }}|{{ day|time_tag }}'
    for day in (dt.date(2022, 8, 5), dt.date(2021, 12, 31)):
        by_macro, by_filter = env.from_string(source).render(day=day).split("|")
        assert by_macro == by_filter
        assert by_filter.startswith(f'<time datetime="{day.isoformat()}">') and by_filter.endswith("</time>")
        assert str(day.day) in by_filter.removeprefix(f'<time datetime="{day.isoformat()}">')


@pytest.mark.parametrize("name", HTML_TEMPLATES)
def test_template_names_are_literal(name: str) -> None:
    """A page's digest follows the templates it uses (``render._templates_used``); a name made
    at render time (``row(template, …)`` in a macro) would make it depend on every template."""
    assert computed_names((TEMPLATES / name).read_text(encoding="utf-8")) == 0


def test_footer_extra_is_an_optional_per_page_part_of_the_footer(tmp_path: Path) -> None:
    """A board may add ``partials/footer_extra.html``: it shows inside the footer, after the
    shared footer text, with the values of the page it is on (the shared text is rendered
    once per section and reused)."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    settings = Settings(
        Site(name="小院公示栏", community="小院社区"),
        "zh-CN",
        "/",
        dt.date(2022, 8, 27),
        paths.Theme((templates,), (templates / "static",)),
    )

    def footer(renderer: Renderer, page_path: str) -> str:
        html = renderer.render("404.html", page_path, {}).decode("utf-8")
        return html[html.index('<footer class="site-footer">') :]

    without = footer(Renderer(settings, ColdMemory()), "wishes/a/index.html")
    (templates / "partials/footer_extra.html").write_text('<p class="extra">{{ page_path }}</p>\n', "utf-8")
    renderer = Renderer(settings, ColdMemory())
    for page_path in ("wishes/a/index.html", "wishes/b/index.html"):
        extra = f'<p class="extra">{page_path}</p>\n'
        assert footer(renderer, page_path) == without.replace(
            "</div>\n</footer>", extra + "</div>\n</footer>"
        )
