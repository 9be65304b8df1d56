"""Small helpers shared by the console's views."""

from django.core.paginator import Paginator

from cases.errors import ActionError

PAGE_SIZE = 50


def paginate(queryset, page_number):
    """A page of 50: one COUNT and one SELECT, whatever the size of the table."""
    return Paginator(queryset, PAGE_SIZE).get_page(page_number or 1)


def add_action_error(form, error: ActionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def act_on(form, act) -> bool:
    """The shape of every console form post: validate `form`, then `act(cleaned_data)`; an
    ActionError lands on the form. True once done (the caller redirects), False when the form
    goes back with its errors (the caller re-renders it, 422)."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except ActionError as error:
        add_action_error(form, error)
        return False
    return True


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def sorted_page(request, sorting, rows, page_number) -> dict:
    """What a sorted staff list gives its template: the page of `rows` in the order the request
    asked for (cases.views.sorting), the sorting for the column headers, the query to page with."""
    page = paginate(sorting.apply(rows), page_number)
    return {"page": page, "sorting": sorting, "query": query_without_page(request)}


def filtered_page(request, sorting, form, rows) -> dict:
    """sorted_page of what `rows(cleaned_data)` selects under a valid filter `form` (with its
    "page" field), or an empty page while the filters are invalid; and the form."""
    if not form.is_valid():
        page = paginate([], 1)
        return {
            "form": form,
            "page": page,
            "sorting": sorting,
            "query": query_without_page(request),
        }
    data = form.cleaned_data
    return {"form": form, **sorted_page(request, sorting, rows(data), data["page"])}
