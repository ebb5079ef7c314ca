"""Three things the Jinja environments of :mod:`noticeboard.site.render` and the street board
do on every page.

- :class:`FixedTexts` writes each fixed interface text into the compiled template once;
- :func:`isolate_direction_controls` keeps direction controls in untrusted values from
  reordering the text around them;
- :func:`time_tag` writes a date as pages show it (the ``time_tag`` filter).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup, escape

from noticeboard.site import i18n


class FixedTexts(Extension):
    """Write ``_("a.key")`` into the compiled template as its text in the board's language.

    A page calls ``_`` dozens of times and Jinja's call machinery costs more than the
    lookup; a fixed key without values says the same on every page, so the compiler folds
    it (escaped, like any printed text) into the template once. Keys the catalog lacks and
    calls with values stay calls, which fail or fill in at render time as before.
    """

    def filter_stream(self, stream: TokenStream) -> TokenStream | list[Token]:
        """Replace each ``_ ( "key" )`` token run with the key's text."""
        tokens = list(stream)
        texts = i18n.catalog(self.environment.globals["language"])
        out: list[Token] = []
        index = 0
        while index < len(tokens):
            window = tokens[index : index + 4]
            if (
                len(window) == 4
                and window[0].test("name:_")
                and window[1].type == "lparen"
                and window[2].type == "string"
                and window[3].type == "rparen"
                and window[2].value in texts
                and not (out and out[-1].type == "dot")  # obj._("x") is someone else's method
            ):
                out.append(Token(window[0].lineno, "string", texts[window[2].value]))
                index += 4
                continue
            out.append(tokens[index])
            index += 1
        return out


# Direction controls (U+202A–U+202E, U+2066–U+2069) in untrusted text would reverse what the
# page prints after it on the same line (a status, a date). A value holding any is wrapped in
# an isolate (FSI … PDI), which ends whatever the value opened; other values print unchanged.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate_direction_controls(value: object) -> object:
    """Keep direction controls in a printed value from reordering the text around it."""
    if type(value) is str and _DIRECTION_CONTROLS.search(value):
        return "\u2068" + value + "\u2069"
    return value


def time_tag(language: str) -> Callable[[dt.date], Markup]:
    """The ``time_tag`` filter: ``{{ day|time_tag }}`` writes the date as the page's language
    shows it, machine-readable in ``datetime``: ``<time datetime="2022-08-05">2022年8月5日</time>``.

    A filter, not a macro: pages write a few dozen dates each, and Jinja's macro call costs
    more than the formatting (8-19 % of rendering the record pages at 10,000 records).
    ``partials/macros.html`` keeps ``m.time(day)``, which writes the same, for boards' own templates.
    """

    def tag(day: dt.date) -> Markup:
        return Markup(f'<time datetime="{day.isoformat()}">{escape(i18n.format_date(day, language))}</time>')

    return tag
