"""The failures a user sees as one clear line, and the command line's exit codes.

Every layer raises :class:`UsageError` (or a subclass) for a mistake in how it was asked
to work: a missing folder, a bad ``--date``, a locked output folder, a PDF engine that is
not installed. The command line prints it without a traceback and exits with
:data:`EXIT_USAGE`. Content problems are not exceptions: they are reported as a list.
"""

from __future__ import annotations

EXIT_OK = 0  # success
EXIT_CONTENT = 1  # the content has problems (they were printed)
EXIT_USAGE = 2  # the command was called wrongly (one line says how)
EXIT_INTERNAL = 3  # a bug: one line, a traceback only with --debug


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""
