"""The custodian's queue of one custody flow (cases.custody): requests waiting for a decision,
each with the asker's reason and a form, then the decided ones with the custodian's note.

Identity requests (cases.views.custody) and bank-details requests (rewards.views.custody) are
this queue under their own heading; its body is the partial cases/_custody_queue.html."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from cases.access import first_or_404
from cases.custody import REQUESTED, Custody
from cases.forms import IdentityDecisionForm
from cases.views.common import act_on, paginate


@dataclass(frozen=True)
class CustodyQueue:
    custody: Custody
    template: str  # extends staff/base.html and includes cases/_custody_queue.html
    related: tuple[str, ...]  # what custody.case_number reads, fetched with each row
    url: str  # this page's URL name
    decide_url: str  # the decision's URL name, taking the request's pk

    def requests(self, user):
        rows = self.custody.model.objects.visible_to(user)
        rows = rows.select_related(*self.related, self.custody.requester, "decided_by")
        return rows.order_by("-created_at", "id")

    def page(self, request, form=None, form_for=None, status=200):
        """403 unless a custodian; `form` for `form_for` re-shows a refused decision (422)."""
        if not permissions.is_custodian(request.user):
            raise PermissionDenied
        rows = self.requests(request.user)
        waiting = rows.filter(status=REQUESTED)[:100]
        pending = [self._shown(item, "justification") for item in waiting]
        page = paginate(rows.exclude(status=REQUESTED), request.GET.get("page"))
        for item in page:
            self._shown(item, "note")
        context = {
            "pending": pending,
            "page": page,
            "form": form,
            "form_for": form_for,
            "blank_form": IdentityDecisionForm(),
            "decide_url": self.decide_url,
        }
        return render(request, self.template, context, status=status)

    def decide(self, request, pk: int):
        allowed = permissions.is_custodian(request.user)
        item = first_or_404(self.requests(request.user).filter(pk=pk), allowed=allowed)
        form = IdentityDecisionForm(request.POST)

        def act(data):
            approve, note = data["approve"], data["note"]
            self.custody.decide(item, actor=request.user, approve=approve, note=note)

        if not act_on(form, act):
            return self.page(request, form=form, form_for=item.pk, status=422)
        messages.success(request, _("The decision was recorded."))
        return redirect(self.url)

    def views(self):
        """The queue's two views, (list, decide), for the app's urls."""

        @never_cache
        @staff_required
        def custody_list(request):
            return self.page(request)

        @require_POST
        @staff_required
        def custody_decide(request, pk: int):
            return self.decide(request, pk)

        return custody_list, custody_decide

    def _shown(self, item, what: str):
        item.case_number = self.custody.case_number(item)
        item.requester = getattr(item, self.custody.requester)
        setattr(item, f"{what}_text", self.custody.open_text(item, what))
        return item
