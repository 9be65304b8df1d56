""" "Go to report": the box where staff type a reference someone read out (or paste an id).

A reference outside the user's units gets the same answer as one that does not exist: the box
again with "no report with this reference in your units", as a 404."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.decorators import staff_required
from intake.models import Report


@staff_required
def report_go(request):
    permissions.require(request.user, permissions.CONTENT_ROLES)
    typed = request.GET.get("ref", "").strip()
    if typed:
        report = Report.objects.visible_to(request.user).by_handle(typed).only("pk").first()
        if report is not None:
            return redirect("cases:report", report_id=report.pk)
        error = _("No report with this reference in your units. Check it and try again.")
    else:
        error = _("Type the report's reference, for example K7QM-2XHD.")
    return render(request, "cases/report_go.html", {"typed": typed, "error": error}, status=404)
