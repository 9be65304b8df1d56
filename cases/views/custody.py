"""Identity custody pages: custodians decide requests; the approved analyst sees the identity.

The identity is shown only on the reveal page, to the analyst the request approved, for the case
it named, with a fresh second factor — and each showing is an audit event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required, sudo_required
from cases import access, vault
from cases.actions.custody import do_decide_identity_request
from cases.audited_reads import reveal_identity
from cases.errors import ActionError
from cases.forms import IdentityDecisionForm
from cases.models import IdentityRequest, IdentityRequestStatus
from cases.views.common import act_on, paginate


def _requests(user):
    return (
        IdentityRequest.objects.visible_to(user)
        .select_related("case", "analyst", "decided_by")
        .order_by("-created_at", "id")
    )


@staff_required
def custody_list(request, form=None, form_for=None, status=200):
    if not permissions.is_custodian(request.user):
        raise PermissionDenied
    pending = list(_requests(request.user).filter(status=IdentityRequestStatus.REQUESTED)[:100])
    for req in pending:
        req.justification_text = vault.open_justification(req.case, req)
    decided = _requests(request.user).exclude(status=IdentityRequestStatus.REQUESTED)
    page = paginate(decided, request.GET.get("page"))
    for req in page:
        req.decision_note_text = vault.open_decision_note(req.case, req)
    context = {
        "pending": pending,
        "page": page,
        "form": form,
        "form_for": form_for,
        "blank_form": IdentityDecisionForm(),
    }
    return render(request, "cases/custody.html", context, status=status)


@require_POST
@staff_required
def custody_decide(request, pk: int):
    identity_request = access.identity_request_for_custodian(request.user, pk)
    form = IdentityDecisionForm(request.POST)

    def act(data):
        do_decide_identity_request(
            identity_request, actor=request.user, approve=data["approve"], note=data["note"]
        )

    if not act_on(form, act):
        return custody_list(request, form=form, form_for=identity_request.pk, status=422)
    messages.success(request, _("The decision was recorded."))
    return redirect("cases:custody")


@never_cache
@sudo_required
def identity_reveal(request, number, pk: int):
    case = access.case_for(request.user, number)
    identity_request = IdentityRequest.objects.filter(pk=pk, case=case).first()
    if identity_request is None or identity_request.analyst_id != request.user.pk:
        raise Http404
    try:
        contact = reveal_identity(identity_request, actor=request.user)
    except ActionError as error:
        messages.error(request, str(error.message))
        return redirect("cases:detail", number=case.number)
    context = {"case": case, "identity_request": identity_request, "contact": contact}
    return render(request, "cases/identity.html", context)
