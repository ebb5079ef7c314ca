"""Layer 5 — output: the site's files reach the output folder atomically: a whole new folder
swapped in (:mod:`~noticeboard.output.write`), or only the changed files swapped in place
(:mod:`~noticeboard.output.changes`), never a half-written site; one writer at a time
(:mod:`~noticeboard.output.lock`).
"""
