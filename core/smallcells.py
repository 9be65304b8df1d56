"""Small-cell suppression for published figures (transparency page, partners' campaign figures).

A count under THRESHOLD could point at a person ("the one report from this county this month"), so
it is never shown: the cell reads "fewer than 10". Hiding one cell is not enough when its row or
column total is shown, because the total minus the other cells gives it back; so whenever a line
has exactly one hidden cell, the smallest shown cell of that line is hidden too (complementary
suppression), repeated over rows and columns until nothing changes. Totals themselves are shown
only when they are at least THRESHOLD.

Cells come in as ints and go out as `Cell`s: `value` is None when hidden.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

THRESHOLD = 10


@dataclass(frozen=True)
class Cell:
    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None


def _hide_lines(hidden: set[tuple], lines: list[list[tuple]], counts: dict[tuple, int]) -> bool:
    """Hide one more cell in each line with exactly one hidden cell; True if anything changed."""
    changed = False
    for line in lines:
        shown = [key for key in line if key not in hidden]
        if len(line) - len(shown) == 1 and shown:
            hidden.add(min(shown, key=lambda key: (counts[key], repr(key))))
            changed = True
    return changed


def suppress_table(
    rows: Mapping[Hashable, Mapping[Hashable, int]],
) -> dict[Hashable, dict[Hashable, Cell]]:
    """Suppress a two-way table whose row and column totals are published (or derivable).

    Every row must have the same columns (missing ones count as 0)."""
    columns = sorted({col for cells in rows.values() for col in cells}, key=repr)
    counts = {(row, col): int(rows[row].get(col, 0)) for row in rows for col in columns}
    hidden = {key for key, count in counts.items() if count < THRESHOLD}
    row_lines = [[(row, col) for col in columns] for row in rows]
    col_lines = [[(row, col) for row in rows] for col in columns]
    while _hide_lines(hidden, row_lines, counts) | _hide_lines(hidden, col_lines, counts):
        pass
    return {
        row: {col: Cell(None if (row, col) in hidden else counts[row, col]) for col in columns}
        for row in rows
    }


def suppress_line(cells: Mapping[Hashable, int]) -> dict[Hashable, Cell]:
    """One line of figures whose total is published: the same rules as a one-row table."""
    return suppress_table({"": cells})[""]


def total(count: int) -> Cell:
    """A published total: hidden under the threshold like any other figure."""
    return Cell(count if count >= THRESHOLD else None)
