"""Sortable staff lists: `?sort=` chosen from each list's whitelist, column headers as links.

A value outside the whitelist (a mangled link, a guessed field name) falls back to the list's
default order: sorting never reaches the database with a name the user typed."""

from dataclasses import dataclass

from django.db.models import F


@dataclass(frozen=True)
class SortKey:
    """A sortable column: its `?sort=` name, its header, and the ascending order it stands for:
    field names (a leading "-" reverses one, as "age" ascending is newest received first) or
    expressions."""

    name: str
    label: str
    fields: tuple

    def order_by(self, descending: bool) -> list:
        order = []
        for field in self.fields:
            if isinstance(field, str):
                reverse, expression = field.startswith("-") != descending, F(field.lstrip("-"))
            else:
                reverse, expression = descending, field
            # Rows without a deadline (not yet routed) come last whichever way the list runs.
            order.append(
                expression.desc(nulls_last=True) if reverse else expression.asc(nulls_last=True)
            )
        return order


class Sorting:
    """The order a request asked for, among `keys`, or `default` (a name, "-" for descending)."""

    def __init__(self, request, keys: list[SortKey], default: str):
        self.keys = {key.name: key for key in keys}
        self.request = request
        asked = request.GET.get("sort", "")
        self.current = asked if asked.removeprefix("-") in self.keys else default
        self.name = self.current.removeprefix("-")
        self.descending = self.current.startswith("-")

    def apply(self, queryset, *tiebreak: str):
        """The queryset in the chosen order, then by `tiebreak` (else id): pages stay stable."""
        return queryset.order_by(
            *self.keys[self.name].order_by(self.descending), *(tiebreak or ("id",))
        )

    def header(self, name: str) -> dict:
        """What a column header needs: its label, the link that sorts by it (ascending, or the
        other way when it is already the order), and its aria-sort."""
        query = self.request.GET.copy()
        query.pop("page", None)
        sorted_here = name == self.name
        query["sort"] = f"-{name}" if sorted_here and not self.descending else name
        aria = ""
        if sorted_here:
            aria = "descending" if self.descending else "ascending"
        return {"label": self.keys[name].label, "href": f"?{query.urlencode()}", "aria_sort": aria}
