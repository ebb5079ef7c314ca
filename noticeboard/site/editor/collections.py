"""The editor's configuration: one collection per record type, made from its schema and its row
of the record-type table (:data:`noticeboard.content.types.RECORD_TYPES`).

A collection lists the type's files in its folder and writes new ones there as YAML, the
prose field a Markdown editor; a type whose records may be Markdown files with front matter
(``prose``) gets a second collection for the board's ``.md`` files, whose body is the prose
field (Decap reads one file extension per collection). A new record's id, its file name, is
its date (``2022-05-16``, then ``2022-05-16-1`` … as Decap keeps file names unique) — the id
``noticeboard new`` gives a record with a Chinese title — and councils are filed by year.
Every save goes through Decap's editorial workflow: a branch and a pull request per record.
"""

from __future__ import annotations

from typing import Any

from noticeboard.content.exposure import PRIVACY_EXEMPT
from noticeboard.content.model import Board
from noticeboard.content.scaffold import FILED_BY_YEAR
from noticeboard.content.schema import load_schema
from noticeboard.content.types import RECORD_TYPES, RecordType
from noticeboard.site.editor.backend import LOCAL_SERVER, Backend
from noticeboard.site.editor.fields import DecapField, Form, placeholder

CONTENT = "content"  # a board repository keeps its records in content/ at its top (docs/boards.md)
MEDIA = "static/uploads"  # where the editor would put uploaded files: published under static/
LOCALES = {"zh-CN": "zh_Hans", "en": "en"}  # Decap's names of the board's languages


def editor_config(board: Board, language: str, backend: Backend) -> dict[str, Any]:
    """The whole configuration of the editor for one board."""
    partners = tuple(
        (p.id, p.name)
        for p in sorted(board.partners, key=lambda p: (p.name, p.id))
        if p.status != "withdrawn"
    )
    collections: list[dict[str, Any]] = []
    for record_type in RECORD_TYPES:
        form = Form(language, partners, exempt_kinds(record_type.name))
        collections.append(collection(record_type, form, markdown=False))
        if record_type.prose and any(r.source.rel.endswith(".md") for r in board.of(record_type.name)):
            collections.append(collection(record_type, form, markdown=True))
    config: dict[str, Any] = {
        "backend": backend.config,
        "local_backend": {"url": f"{LOCAL_SERVER}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]},
        "locale": LOCALES[language],
        "publish_mode": "editorial_workflow" if backend.workflow else "simple",
        "media_folder": MEDIA,
        "public_folder": "/" + MEDIA,
        "show_preview_links": False,
        "editor": {"preview": False},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    return config


def collection(record_type: RecordType, form: Form, markdown: bool) -> dict[str, Any]:
    """The collection of one record type's ``.yaml`` files (or of its ``.md`` files)."""
    schema = load_schema(record_type.name)
    words = schema["title"].split(" / ")
    label = words[0] if form.language == "zh-CN" else words[-1]
    dated = date_field(record_type)
    made: dict[str, Any] = {
        "name": record_type.folder.rsplit("/", 1)[-1] + ("-md" if markdown else ""),
        "label": form.text("markdown_files", kind=label) if markdown else label,
        "label_singular": label,
        "description": _describe(schema, form, markdown),
        "folder": f"{CONTENT}/{record_type.folder}",
        "extension": "md" if markdown else "yaml",
        "format": "frontmatter" if markdown else "yaml",
        "create": not markdown,
        "delete": False,
        "identifier_field": record_type.title_field,
        "slug": placeholder(dated),
        "summary": f"{placeholder(dated)} · {placeholder(record_type.title_field)}",
        "sortable_fields": [dated, record_type.title_field],
        "fields": record_fields(record_type, schema, form, markdown),
    }
    if record_type.name in FILED_BY_YEAR:  # councils/2022/…: the year of the record's `date`
        made["path"] = "{{year}}/{{slug}}"
    filters = view_filters(record_type, schema, form)
    if filters:
        made["view_filters"] = filters
    return made


def record_fields(
    record_type: RecordType, schema: dict[str, Any], form: Form, markdown: bool
) -> list[DecapField]:
    """Every field of a record in its schema's order; the prose field last, as Markdown."""
    fields = form.fields({**schema, "properties": _without(schema["properties"], record_type.prose)})
    status = next((f for f in fields if f["name"] == "status" and f.get("required", True)), None)
    if status is not None:  # a new record starts in its first state (a wish: open)
        status["default"] = status["options"][0]["value"]
    if record_type.prose:
        prose = schema["properties"][record_type.prose]
        fields.append(form.prose(record_type.prose, prose, "body" if markdown else record_type.prose))
    return fields


def date_field(record_type: RecordType) -> str:
    """The date a record's id starts with: the one its lists are ordered by, else its first date."""
    if record_type.listed_by:
        return record_type.listed_by
    properties = load_schema(record_type.name)["properties"]
    return str(next(key for key, spec in properties.items() if spec.get("format") == "date"))


def view_filters(record_type: RecordType, schema: dict[str, Any], form: Form) -> list[dict[str, str]]:
    """The list's filter buttons: one per value of each fixed-choice facet (wishes: 待认领 …)."""
    filters = []
    for facet in record_type.facets:
        spec = schema["properties"].get(facet.field, {})
        if facet.kind == "keyword" and "enum" in spec:
            for option in form.options(spec):
                filters.append(
                    {"label": option["label"], "field": facet.field, "pattern": f"^{option['value']}$"}
                )
    return filters


def exempt_kinds(type_name: str) -> dict[str, frozenset[str]]:
    """The privacy kinds each top-level field of a type may hold on purpose (a public address)."""
    return {
        ".".join(map(str, path)): kinds for (name, path), kinds in PRIVACY_EXEMPT.items() if name == type_name
    }


def connect_sources(backend: Backend) -> tuple[str, ...]:
    """Every origin the editor's page fetches from besides its own."""
    return (*backend.connect, LOCAL_SERVER)


def _describe(schema: dict[str, Any], form: Form, markdown: bool) -> str:
    words = str(schema.get("description", "")).split(" / ")
    about = words[0] if form.language == "zh-CN" else words[-1]
    return form.join(about, form.text("markdown_files_hint")) if markdown else about


def _without(properties: dict[str, Any], key: str | None) -> dict[str, Any]:
    return {k: v for k, v in properties.items() if k != key}
