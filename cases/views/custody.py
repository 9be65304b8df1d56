"""Identity custody pages: custodians decide requests; the approved analyst sees the identity.

The identity is shown only on the reveal page, to the analyst the request approved, for the case
it named, with a fresh second factor — and each showing is an audit event."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.decorators import sudo_required
from cases import access
from cases.actions.custody import IDENTITY
from cases.audited_reads import reveal_identity
from cases.errors import ActionError
from cases.models import IdentityRequest
from cases.views.custody_queue import CustodyQueue

QUEUE = CustodyQueue(
    IDENTITY,
    template="cases/custody.html",
    related=("case",),
    url="cases:custody",
    decide_url="cases:custody_decide",
)

custody_list, custody_decide = QUEUE.views()


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
