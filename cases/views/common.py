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


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
