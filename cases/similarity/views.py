"""A flood's page: its reports the user may see, and the two one-step actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from cases.errors import ActionError
from cases.similarity.actions import do_accept_flood, do_close_flood
from cases.similarity.floods import members_for
from cases.similarity.forms import FloodCloseForm
from cases.similarity.models import Flood
from cases.views.common import act_on
from core.replicas import reads_from_replica


def _flood_for(user, pk) -> tuple[Flood, list]:
    if not permissions.can_triage(user):
        raise PermissionDenied
    flood = Flood.objects.filter(pk=pk).first()
    reports = list(members_for(user, flood)) if flood else []
    if not reports:  # another unit's flood looks like no flood
        raise Http404
    return flood, reports


def _render(request, flood, reports, form=None, status=200):
    context = {
        "flood": flood,
        "reports": reports,
        "close_form": form or FloodCloseForm(request.user),
    }
    return render(request, "similarity/flood_detail.html", context, status=status)


@staff_required
@reads_from_replica
def flood_detail(request, pk):
    flood, reports = _flood_for(request.user, pk)
    return _render(request, flood, reports)


@require_POST
@staff_required
def flood_accept(request, pk):
    flood, _reports = _flood_for(request.user, pk)
    try:
        case = do_accept_flood(flood, actor=request.user)
    except ActionError as error:  # e.g. someone triaged one of them meanwhile: nothing changed
        messages.error(request, str(error.message))
        return redirect("similarity:flood", pk=flood.pk)
    messages.success(request, _("The reports were accepted into one case."))
    return redirect("cases:detail", number=case.number)


@require_POST
@staff_required
def flood_close(request, pk):
    flood, reports = _flood_for(request.user, pk)
    form = FloodCloseForm(request.user, request.POST)
    closed = {}

    def act(data):
        closed["count"] = do_close_flood(
            flood, actor=request.user, reply=data["reply"], case=data["case"]
        )

    if not act_on(form, act):
        return _render(request, flood, reports, form, status=422)
    messages.success(request, _("%(count)d reports were closed as duplicates.") % closed)
    return redirect("cases:triage")
