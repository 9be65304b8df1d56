"""The console's search page. The form posts, so the words never appear in a URL, a browser
history or an access log; each search is audited by do_search_reports."""

from django.shortcuts import render

from accounts import permissions
from accounts.decorators import staff_required
from cases.search.actions import do_search_reports
from cases.search.forms import SearchForm
from cases.search.queries import SearchFilters
from core.replicas import reads_from_replica

PAGE = 20


@staff_required
@reads_from_replica
def search(request):
    permissions.require(request.user, permissions.CONTENT_ROLES)
    form = SearchForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "results": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = data["page"] or 1
        filters = SearchFilters(
            q=data["q"],
            category=data["category"].slug if data["category"] else None,
            region=data["region"].code if data["region"] else None,
            channel=data["channel"] or None,
            status=data["status"] or None,
            date_from=data["date_from"],
            date_to=data["date_to"],
            offset=(page - 1) * PAGE,
            limit=PAGE,
        )
        total, results = do_search_reports(request.user, filters)
        context.update(
            total=total,
            results=results,
            page=page,
            has_next=page * PAGE < total,
            has_previous=page > 1,
        )
    status = 422 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "search/search.html", context, status=status)
