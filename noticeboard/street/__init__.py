"""The street board: many communities' published boards read together, without a central server.

A street office (街道) oversees ten to thirty communities, each with its own board built in its
own repository. This layer is a *reader* of what those boards publish (``data/*.json`` and
``feed.xml``), never a builder of records: it reads STREET.yaml (:mod:`.config`), fetches each
board from a folder or over HTTP (:mod:`.fetch`), checks it against the export schemas
(:mod:`.reader`), keeps the last good copy of each (:mod:`.copies`), works out what the street
pages show (:mod:`.summary`) and makes the street site (:mod:`.pages`, :mod:`.exports`,
:mod:`.feed`), written atomically by :mod:`noticeboard.output.write`. :mod:`.build` is the
whole command in a dozen lines.
"""
