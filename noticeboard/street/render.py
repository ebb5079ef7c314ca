"""Turn the street pages' values into HTML: a Jinja environment set up as the board's is.

The same rules as :mod:`noticeboard.site.render`: autoescape on every template, an unknown name
is an error (``StrictUndefined``), direction controls in untrusted text are isolated, and
templates format what they are given and compute nothing. The street's words live in their own
catalog (``noticeboard/street/locales/``); a key it lacks is looked up in the board's catalog
(the headline figures, the wish and decision statuses), and a key neither has is a build error.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from noticeboard.paths import TEMPLATES
from noticeboard.site import i18n
from noticeboard.site.jinja_ext import isolate_direction_controls, time_tag
from noticeboard.site.urls import absolute_url, relative_link
from noticeboard.street.config import Street

LOCALES = Path(__file__).parent / "locales"


@cache
def catalog(language: str) -> dict[str, str]:
    """The street's own words in one language."""
    with (LOCALES / f"{language}.json").open(encoding="utf-8") as file:
        texts: dict[str, str] = json.load(file)
    return texts


def translate(language: str, key: str, **params: object) -> str:
    """A street text (or, failing that, a board text) with its ``{name}`` placeholders filled."""
    text = catalog(language).get(key)
    if text is None:
        return i18n.translate(language, key, **params)
    return text.format(**params) if params else text


def days(value: float | None, language: str) -> str:
    """A number of days (a median may end in .5); a dash when there is nothing to measure."""
    if value is None:
        return "—"
    return f"{value:g}"


class StreetRenderer:
    """The Jinja environment of one street build."""

    def __init__(self, street: Street, build_date: dt.date, templates: Path = TEMPLATES) -> None:
        self.street = street
        language = street.language
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=isolate_direction_controls,
        )
        self.env.globals.update(
            _=lambda key, **params: translate(language, key, **params),
            url=jinja2.pass_context(lambda context, path: relative_link(context["page_path"], path)),
            street=street,
            language=language,
            build_date=build_date,
        )
        self.env.filters.update(
            date=lambda value: i18n.format_date(value, language) if value else "",
            time_tag=time_tag(language),
            number=lambda value: i18n.format_number(value, language),
            percent=lambda value: i18n.format_percent(value, language),
            days=lambda value: days(value, language),
            label=lambda value, group: translate(language, f"{group}.{value}"),
        )

    def render(self, template: str, page_path: str, **values: Any) -> bytes:
        """Render a template for the page at ``page_path`` (site-relative) to UTF-8 bytes."""
        canonical = absolute_url(self.street.base_url, page_path.removesuffix("index.html"))
        html = self.env.get_template(template).render(page_path=page_path, canonical=canonical, **values)
        return html.encode("utf-8")
