"""The form editor (``admin/``): Decap CMS, configured from the schemas and the record-type table.

:mod:`.fields` turns one schema field into a form field, :mod:`.collections` one record type
into a collection, :mod:`.backend` ``repo_url`` into the git host the editor saves to,
:mod:`.patterns` the privacy rules into field validation, and :mod:`.produce` writes the
editor's page, its configuration and the vendored editor into the site. docs/editor.md says
what an office sets up and what volunteers see.
"""
