"""One schema field as one form field of Decap CMS, in the board's language.

The schema says everything a form needs: the Chinese ``title`` is the label, the description
(Chinese / English) the hint, ``enum`` a select whose options carry the Chinese words of
:func:`~noticeboard.content.labels.choice_labels`, ``format: date`` a date picker,
``minimum``/``maximum`` a number's bounds, ``required`` what must be filled, ``pattern`` the
value's shape; a partner id (``^[a-z0-9-]{1,64}$``, the one id pattern of the schemas) is a
picker that shows the board's active partners by name and stores their ids. Every other text
refuses the private data :mod:`.patterns` can see. Decap shows a field whatever the status is,
so a field that applies to some statuses only says when to fill it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from noticeboard.content.labels import Spec, choice_labels
from noticeboard.site import i18n
from noticeboard.site.editor.patterns import form_kinds, refusing

PARTNER_ID = "^[a-z0-9-]{1,64}$"
DATE_FORMAT = "YYYY-MM-DD"
MARKDOWN_BUTTONS = ["bold", "italic", "link", "bulleted-list", "numbered-list", "quote"]

DecapField = dict[str, Any]


@dataclass(frozen=True)
class Form:
    """What every field of one record type's form needs to know."""

    language: str
    partners: tuple[tuple[str, str], ...]  # (id, name) of every active partner, by name
    exempt: Mapping[str, frozenset[str]] = field(default_factory=dict)  # field -> kinds it may hold

    def text(self, key: str, **params: object) -> str:
        """An editor text of the board's language."""
        return i18n.translate(self.language, f"editor.{key}", **params)

    def fields(self, schema: Spec, prefix: str = "", optional_parent: bool = False) -> list[DecapField]:
        """The form fields of an object schema, in its order."""
        required = set(schema.get("required", ())) if not optional_parent else set()
        when = conditions(schema)
        made = []
        for key, spec in schema.get("properties", {}).items():
            made_field = self.field(key, spec, key in required, prefix + key)
            if made_field is None:
                continue
            if key in when:
                made_field["hint"] = self.join(made_field.get("hint"), self.when(schema, *when[key]))
            made.append(made_field)
        return made

    def field(self, key: str, spec: Spec, required: bool, path: str) -> DecapField | None:
        """One form field, or None for a shape the editor cannot show (left as written)."""
        made: DecapField = {"name": key, "label": self.label(key, spec)}
        hint = self.hint(spec)
        if hint:
            made["hint"] = hint
        if not required:
            made["required"] = False
        kind = spec.get("type")
        if "enum" in spec:
            made.update(widget="select", options=self.options(spec))
        elif kind == "string" and spec.get("format") == "date":
            made.update(widget="datetime", format=DATE_FORMAT, date_format=DATE_FORMAT, time_format=False)
        elif kind == "string" and spec.get("pattern") == PARTNER_ID:
            made.update(self.partner_picker(multiple=False))
        elif kind == "string":
            made.update(widget="string", pattern=self.pattern(spec, path))
        elif kind in ("integer", "number"):
            made.update(widget="number", value_type="int" if kind == "integer" else "float")
            made.update({k: spec[s] for k, s in (("min", "minimum"), ("max", "maximum")) if s in spec})
            if kind == "integer":
                made["step"] = 1
        elif kind == "boolean":
            made.update(widget="boolean", default=bool(spec.get("default", False)))
        elif kind == "object" and "properties" in spec:
            made.update(widget="object", collapsed=False, fields=self.fields(spec, path + ".", not required))
            if not required and spec.get("required"):
                made["hint"] = self.join(made.get("hint"), self.text("optional_group"))
        elif kind == "array":
            return self.array(made, spec.get("items", {}), path)
        else:
            return None
        return made

    def array(self, made: DecapField, items: Spec, path: str) -> DecapField | None:
        """A list: of partners (a picker taking several), of texts, or of groups of fields."""
        if items.get("type") == "string" and items.get("pattern") == PARTNER_ID:
            made.update(self.partner_picker(multiple=True))
        elif items.get("type") == "string" or "enum" in items:
            item = self.field("item", items, True, path + "[]")
            made.update(widget="list", field=item)
        elif items.get("type") == "object" and "properties" in items:
            item_fields = self.fields(items, path + "[].")
            # default []: else Decap starts a new record with one item made of its fields' defaults
            made.update(widget="list", collapsed=False, default=[], fields=item_fields)
            made["label_singular"] = self.label("", items)
            first = next((f["name"] for f in item_fields if f.get("widget") == "string"), None)
            if first:
                made["summary"] = placeholder(first)
        else:
            return None
        return made

    def prose(self, key: str, spec: Spec, name: str) -> DecapField:
        """The record's Markdown text (a ``.md`` file's body, or the prose field of a ``.yaml``)."""
        made: DecapField = {"name": name, "label": self.label(key, spec), "widget": "markdown"}
        hint = self.hint(spec)
        if hint:
            made["hint"] = hint
        made.update(required=False, buttons=MARKDOWN_BUTTONS, editor_components=[])
        made["pattern"] = [refusing(form_kinds(self.exempt.get(key, frozenset()))), self.text("private")]
        return made

    # --- the pieces --------------------------------------------------------------------------

    def label(self, key: str, spec: Spec) -> str:
        """A field's name for volunteers: the schema's Chinese title, or its English words."""
        if self.language == "zh-CN":
            return str(spec.get("title") or key)
        english = english_words(spec)
        first = english.split(",")[0].split("(")[0].split("（")[0].split("，")[0].strip()
        return (first[:1].upper() + first[1:]) if first else key

    def hint(self, spec: Spec) -> str:
        """What the description says beyond the label (empty when nothing)."""
        if self.language != "zh-CN":
            english = english_words(spec)
            return english if english and english != self.label("", spec).lower() else ""
        chinese = str(spec.get("description", "")).split(" / ")[0].strip()
        return "" if chinese in ("", spec.get("title")) else chinese

    def options(self, spec: Spec) -> list[dict[str, str]]:
        """A select's options: Chinese words (English: the values themselves), storing the value."""
        words = choice_labels(spec) if self.language == "zh-CN" else {}
        return [{"label": words.get(v, str(v).replace("-", " ")), "value": str(v)} for v in spec["enum"]]

    def pattern(self, spec: Spec, path: str) -> list[str]:
        """A text's own shape from the schema, else the privacy refusal."""
        if "pattern" in spec:
            return [str(spec["pattern"]), self.text("pattern", expected=self.hint(spec) or spec["pattern"])]
        kinds = form_kinds(self.exempt.get(path, frozenset()))
        return [refusing(kinds), self.text("private")]

    def partner_picker(self, multiple: bool) -> DecapField:
        """Pick partners by name, store their ids; partners who withdrew are not offered."""
        if not self.partners:
            return {"widget": "string", "pattern": [PARTNER_ID, self.text("partner_id")]}
        options = [{"label": name, "value": partner_id} for partner_id, name in self.partners]
        picker: DecapField = {"widget": "select", "options": options}
        if multiple:
            picker["multiple"] = True
        return picker

    def when(self, schema: Spec, controller: str, values: tuple[str, ...]) -> str:
        """ "状态为“已认领”或“已实现”时填写": when a conditional field applies."""
        spec = schema.get("properties", {}).get(controller, {})
        options = dict((o["value"], o["label"]) for o in self.options(spec)) if "enum" in spec else {}
        shown = self.text("or").join(self.text("quoted", value=options.get(v, v)) for v in values)
        return self.text("when", field=self.label(controller, spec), values=shown)

    @staticmethod
    def join(first: str | None, second: str) -> str:
        """Two hints as one."""
        return f"{first} · {second}" if first else second


def placeholder(name: str) -> str:
    """Decap's template of a field's value: ``{{fields.title}}``."""
    return "{{fields." + name + "}}"


def english_words(spec: Spec) -> str:
    """The English half of a schema description ("心愿 / title" says "title")."""
    description = str(spec.get("description", ""))
    return description.split(" / ", 1)[1].strip() if " / " in description else ""


def conditions(schema: Spec) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Which fields of an object schema apply only for some values of another: field ->
    (the other field, its values), from the ``if``/``then`` rules and ``x-allowed-when``."""
    required: dict[str, tuple[str, tuple[str, ...]]] = {}
    allowed: dict[str, tuple[str, tuple[str, ...]]] = {}
    for rule in schema.get("allOf", ()):
        condition = rule.get("if", {}).get("properties", {})
        for controller, spec in condition.items():
            values = tuple(str(v) for v in spec.get("enum", [spec.get("const")]))
            for key in rule.get("then", {}).get("required", ()):
                required.setdefault(key, (controller, values))
        for branch in ("then", "else"):
            for key, spec in rule.get(branch, {}).get("properties", {}).items():
                for controller, values in spec.get("x-allowed-when", {}).items():
                    allowed.setdefault(key, (controller, tuple(str(v) for v in values)))
    return {**allowed, **required}  # "must be filled when" says more than "may be filled when"
