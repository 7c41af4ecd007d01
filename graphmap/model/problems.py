"""What is wrong with input: a located :class:`Problem` and the :class:`ValidationError`
that carries every problem at once.  :class:`Message`, an error text that can be shown
in the reader's language, is the catalogue's (:mod:`graphmap.i18n.message`); it is
re-exported here, as ``from graphmap.model import Message`` is how the model is used."""
from __future__ import annotations

from dataclasses import dataclass

from graphmap.i18n.message import Message, localised

__all__ = ["Message", "Problem", "ValidationError", "did_you_mean", "localised", "message_of"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input.  ``entity``/``key``/``field`` locate it in the model;
    importers translate that into file, row and column."""

    entity: str
    key: str | None
    field: str | None
    message: str


class ValidationError(ValueError):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list, title: str = "invalid input"):
        self.problems = list(problems)
        lines = [title + f" ({len(self.problems)} problem(s)):"]
        lines += ["  " + str(p if not isinstance(p, Problem) else _problem_text(p))
                  for p in self.problems]
        super().__init__("\n".join(lines))


def did_you_mean(hint: str | None):
    """The " (did you mean 'x'?)" tail of a message, or nothing without a hint."""
    return Message("did_you_mean", hint=repr(hint)) if hint else ""


def message_of(exc: Exception):
    """The message an exception was raised with, keeping a :class:`Message`'s key."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def _problem_text(p: Problem) -> str:
    where = p.entity + (f" {p.key!r}" if p.key else "") + (f", {p.field}" if p.field else "")
    return f"{where}: {p.message}"
