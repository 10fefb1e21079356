"""What is wrong with a briefing file, each problem placed at its line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.message} ({self.hint})" if self.hint else f"{where}: {self.message}"


class BriefingInvalid(Exception):
    """A briefing file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")

    def __reduce__(self) -> tuple[type[BriefingInvalid], tuple[list[Problem]]]:
        # Sent whole from the process that validates to the reader (see core.preload).
        return (BriefingInvalid, (self.problems,))

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
