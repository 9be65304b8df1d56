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
