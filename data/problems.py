"""What a failed validation reports: problems that name table, row, column, value and the rule broken."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from data.contract import MAX_REPORTED_PROBLEMS

if TYPE_CHECKING:
    from rich.text import Text


class PlainText(str):
    """Text that a rich console prints verbatim: rule codes such as `[not_before]` are not markup."""

    __slots__ = ()

    def __rich__(self) -> Text:
        from rich.text import Text

        return Text(str(self))


@dataclass(frozen=True)
class Problem:
    """One broken rule. `row` is 1-based over data rows; None for table- or column-level problems."""

    table: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def render(self) -> str:
        """One line, e.g. `complaints row 17, column resolved_at: … is before created_at … [not_before]`."""
        where = self.table
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            noun = "columns" if ", " in self.column else "column"
            where += f", {noun} {self.column}" if where else f"{noun} {self.column}"
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.message} [{self.rule}]"


@dataclass(frozen=True)
class Report:
    """The first MAX_REPORTED_PROBLEMS problems found, and how many were found in all."""

    problems: tuple[Problem, ...]
    total: int

    @property
    def ok(self) -> bool:
        return self.total == 0

    @property
    def omitted(self) -> int:
        return self.total - len(self.problems)

    def render(self) -> str:
        """One line per kept problem, then a count of the problems left out."""
        lines = [problem.render() for problem in self.problems]
        if self.omitted:
            noun = "problem" if self.omitted == 1 else "problems"
            lines.append(f"… and {self.omitted} more {noun}")
        return PlainText("\n".join(lines))

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data (for `--json` and HTTP 422 bodies)."""
        return {"problems": [asdict(p) for p in self.problems], "total": self.total, "omitted": self.omitted}


class ValidationFailed(ValueError):  # noqa: N818 - the name other code imports
    """Raised when input breaks the data contract; `.report` says where and how."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.render())
        self.report = report

    def __reduce__(self) -> tuple[type[ValidationFailed], tuple[Report]]:
        # Rebuilt from the report, not the rendered text: a Dask worker's failure reaches the client pickled.
        return type(self), (self.report,)


class ProblemLog:
    """Collects problems while checking: keeps the first `limit`, counts them all."""

    def __init__(self, limit: int = MAX_REPORTED_PROBLEMS) -> None:
        self._kept: list[Problem] = []
        self._limit = limit
        self.total = 0

    @property
    def room(self) -> int:
        """How many more problems would still be kept."""
        return self._limit - len(self._kept)

    def add(self, problem: Problem) -> None:
        self.add_counted(1, [problem])

    def add_counted(self, count: int, first: Iterable[Problem]) -> None:
        """Count `count` problems, keeping those of `first` (built for at most `room` rows) that fit."""
        self.total += count
        for problem in first:
            if self.room <= 0:
                break
            self._kept.append(problem)

    def report(self) -> Report:
        return Report(problems=tuple(self._kept), total=self.total)

    def raise_if_any(self) -> None:
        """Raise ValidationFailed when any problem was logged."""
        if self.total:
            raise ValidationFailed(self.report())
