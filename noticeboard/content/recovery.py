"""Read on past typing slips: try the corrections :mod:`noticeboard.content.slips` finds.

When libyaml cannot read a text, the slips near where it stopped are corrected in a copy of
the text (line for line, so line numbers stay), one line's slips at a time, and the copy
is read again. A correction is kept only when the parser then gets further; what is found
is reported at the place it was typed in the original (:meth:`Corrected.original` maps the
copy's columns back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from noticeboard.content.slips import (
    Edit,
    Lines,
    Slip,
    block_indent,
    extra_indent,
    reads_as_field,
    typed_slips,
    unclosed_quote,
)

# Recovery re-reads a corrected copy a few times; records are small, a huge text is not tried.
MAX_RECOVERY_CHARS = 100_000
MAX_ROUNDS = 12  # corrections kept in one text
MAX_ATTEMPTS = 24  # corrections tried in one text; each costs a parse of the text
_WINDOW = 3  # lines above the failure (or its context) where its slip may be


class Stuck(Exception):
    """The parser could not read on at ``position`` (line and column of the text itself);
    ``context`` is where the construct it was reading began, when it says so."""

    def __init__(
        self, position: tuple[int, int], context: tuple[int, int] | None = None, problem: str = ""
    ) -> None:
        super().__init__(problem)
        self.position = position
        self.context = context
        self.problem = problem


class Corrected:
    """A copy of a text's lines with slips corrected, mapping its columns back to the original."""

    def __init__(self, lines: list[str], edits: dict[int, tuple[Edit, ...]] | None = None) -> None:
        self.lines = lines
        self.edits: dict[int, tuple[Edit, ...]] = edits or {}  # by 0-based line, in the order made

    def text(self) -> str:
        return "\n".join(self.lines)

    def with_slips(self, slips: Sequence[Slip]) -> Corrected:
        """A copy with the edits of ``slips`` made (all found on this copy, rightmost first)."""
        lines, edits = list(self.lines), dict(self.edits)
        for slip in sorted(slips, key=lambda s: (s.line, s.edit.start if s.edit else 0), reverse=True):
            if slip.edit is None:
                continue
            index, edit = slip.line - 1, slip.edit
            lines[index] = lines[index][: edit.start] + edit.text + lines[index][edit.end :]
            edits[index] = (*edits.get(index, ()), edit)
        return Corrected(lines, edits)

    def original(self, position: tuple[int, int]) -> tuple[int, int]:
        """Where a position in this copy was in the original text."""
        line, column = position
        at = column - 1
        for edit in reversed(self.edits.get(line - 1, ())):
            if at >= edit.start + len(edit.text):
                at -= len(edit.text) - (edit.end - edit.start)
            elif at >= edit.start:
                at = edit.start
        return (line, at + 1)

    def located(self, slip: Slip) -> Slip:
        """``slip`` (found on this copy) with its column in the original text."""
        return Slip(
            slip.code,
            slip.line,
            self.original((slip.line, slip.column))[1],
            slip.params,
            slip.edit,
            slip.guess,
        )


@dataclass
class Correction:
    """What trying the corrections found: the slips (positions in the original text), and the
    corrected copy with what reading it gave, if it could be read."""

    slips: list[Slip]
    copy: Corrected
    result: object = None  # what ``read`` returned for the copy; None: no copy could be read
    named: Slip | None = None  # a slip the parser's own failure points at, if none was corrected


def correct(text: str, stuck: Stuck, read: Callable[[str], object]) -> Correction:
    """Find the slips that keep ``text`` from being read and try their corrections.

    ``read`` parses a text and raises :class:`Stuck` where it cannot go on. A correction is
    kept when the copy then reads, or reads further than before; the search stops when the
    copy reads, when no correction helps, or when ``read`` raises anything else.
    """
    copy = Corrected(text.split("\n"))
    found: list[Slip] = []
    named = _named_slip(copy, stuck)
    attempts = MAX_ATTEMPTS
    for _ in range(MAX_ROUNDS):
        for group in _candidates(copy, stuck):
            attempts -= 1
            if attempts < 0:
                return Correction(found, copy, None, named)
            trial = copy.with_slips(group)
            try:
                result = read(trial.text())
            except Stuck as again:
                if _further(copy, trial, again, stuck, group):
                    found += [copy.located(slip) for slip in group]
                    copy, stuck = trial, _in_original(again, trial)
                    break
                continue
            except Exception:  # read on past the slip into another problem: report the slip alone
                found += [copy.located(slip) for slip in group]
                return Correction(found, trial, None, named)
            found += [copy.located(slip) for slip in group]
            return Correction(found, trial, result, named)
        else:
            break
    return Correction(found, copy, None, named)


def _further(copy: Corrected, trial: Corrected, again: Stuck, before: Stuck, group: Sequence[Slip]) -> bool:
    """Whether the parser, stuck again on ``trial`` (``copy`` with ``group`` corrected), got
    further than before: to a later place, or past every slip corrected (what it is stuck on
    now begins after them). Compared in the original text's positions."""
    if trial.original(again.position) > before.position:
        return True
    begins = min(trial.original(at) for at in (again.position, again.context) if at)
    return begins > max(copy.original((slip.line, slip.column)) for slip in group)


def _in_original(stuck: Stuck, copy: Corrected) -> Stuck:
    context = copy.original(stuck.context) if stuck.context else None
    return Stuck(copy.original(stuck.position), context, stuck.problem)


def _window(stuck: Stuck, count: int) -> list[int]:
    """Line indexes (0-based) where the slip behind ``stuck`` may be, likeliest first."""
    last = stuck.position[0]
    context = stuck.context[0] if stuck.context else last
    first = max(1, min(context, last) - _WINDOW)
    order = dict.fromkeys([context, last, *range(last - 1, first - 1, -1)])
    return [n - 1 for n in order if 1 <= n <= count]


def _candidates(copy: Corrected, stuck: Stuck) -> Iterator[list[Slip]]:
    """Groups of slips to correct together: the typed slips of one line, then an unclosed
    quote, then a line indented too deep, then a Tab in the indentation of a block's text."""
    lines = Lines(copy.lines)
    near = _window(stuck, len(copy.lines))
    window = [i for i in near if lines.structure[i]]
    for index in window:
        typed = typed_slips(lines, index)
        if typed:
            yield typed
    for find in (unclosed_quote, extra_indent):
        for index in window:
            slip = find(lines, index)
            if slip is not None:
                yield [slip]
    for index in near:  # the text of a | or > block is no structure line
        slip = block_indent(lines, index)
        if slip is None:
            continue
        if reads_as_field(lines.lines[index]):  # a field the Tab pushed into the text: first as a field
            yield typed_slips(lines, index)
        yield [slip]


def _named_slip(copy: Corrected, stuck: Stuck) -> Slip | None:
    """A slip at the very place the parser names: a Tab where it found one, the quote where
    an unclosed quoted value began, the colon of a key it could not find the colon of."""
    for group in _candidates(copy, stuck):
        for slip in group:
            at = (slip.line, slip.column)
            if at == stuck.position or at == stuck.context:
                return slip
            if stuck.context and slip.line == stuck.context[0] and "expected ':'" in stuck.problem:
                return slip
    return None
