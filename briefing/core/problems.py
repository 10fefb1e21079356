"""What is wrong with a briefing file, each problem placed at its line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong at a position (line and column 1-based, column in characters).

    An error makes the file unusable; a warning points at something that is probably
    not what the writer meant, and the file is still used.
    """

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        """``FILE:LINE:COL: what (how to fix it)``; a warning says ``warning:`` first."""
        where = f"{self.file}:{self.line}:{self.column}"
        if self.severity == "warning":
            where += ": warning"
        return f"{where}: {self.message} ({self.hint})" if self.hint else f"{where}: {self.message}"


class BriefingInvalid(Exception):
    """A briefing file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")

    def __reduce__(self) -> tuple[type[BriefingInvalid], tuple[list[Problem]]]:
        # Sent whole from the process that validates to the reader (see core.preload).
        return (self.__class__, (self.problems,))

    def report(self) -> str:
        """Every problem, one ``FILE:LINE:COL: message`` line each, as ``validate`` prints them."""
        return "\n".join(str(problem) for problem in self.problems)


class BriefingUnreadable(BriefingInvalid):
    """The file could not be read at all: missing, a directory, or refused by the system.

    Its one problem says why; commands report it as a file-system error, not as a
    briefing with mistakes in it.
    """

    @property
    def reason(self) -> str:
        """Why, in a few words: ``no such file``, ``is a directory``..."""
        return self.problems[0].message
