"""Staff console pages for rewards: the list, proposing on a closed substantiated case, the
award page with the reward officer's decision and the finance officer's payment.

Decisions and payments need a fresh second factor (sudo_required, and the actions check it too);
who may do which step of an award is decided in rewards.duties."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions, sudo
from accounts.decorators import staff_required, sudo_required
from cases import vault as case_vault
from cases.errors import ActionError
from cases.views.common import act_on, sorted_page
from cases.views.sorting import Sorting, SortKey
from intake.models import Report
from rewards import access, eligibility, vault
from rewards.actions.approvals import do_adjust_award, do_approve_award, do_deny_award
from rewards.actions.payments import do_record_payment
from rewards.actions.proposals import do_propose_award
from rewards.forms import DecisionForm, PaymentForm, ProposalForm
from rewards.models import Award, PayeeAccessRequest

SORT_KEYS = [
    SortKey("age", pgettext_lazy("date", "Proposed"), ("-proposed_at",)),
    SortKey("amount", gettext_lazy("Amount"), ("amount", "-proposed_at")),
    SortKey("status", gettext_lazy("Status"), ("status", "-proposed_at")),
]


@staff_required
def award_list(request):
    if not permissions.can_work_rewards(request.user):
        raise PermissionDenied
    sorting = Sorting(request, SORT_KEYS, default="age")
    awards = Award.objects.visible_to(request.user).select_related("tier", "unit", "proposed_by")
    context = {
        # Oldest first: the award that has waited longest is decided first.
        "waiting": awards.awaiting_decision().order_by("proposed_at", "id")[:100],
        "now": timezone.now(),
    } | sorted_page(request, sorting, awards, request.GET.get("page"))
    return render(request, "rewards/award_list.html", context)


@never_cache
@staff_required
def propose(request, number: str):
    case = access.case_to_propose_on(request.user, number)
    reports = list(Report.objects.filter(case_link__case=case).order_by("created_at", "id"))
    first = reports[0] if reports else None
    form = ProposalForm(request.POST or None, reports=reports, first=first)
    status, proposed = 200, {}

    def act(data):
        proposed["award"] = do_propose_award(
            case,
            actor=request.user,
            tier=data["tier"],
            amount=data["amount"],
            nominees=form.nominees(),
            checklist=form.checklist(),
            justification=data["justification"],
            split_reason=data["split_reason"],
        )

    if request.method == "POST":
        if act_on(form, act):
            messages.success(request, _("The award was proposed."))
            return redirect("rewards:detail", proposed["award"].id)
        status = 422
    context = {"case": case, "form": form, "rewardable": eligibility.case_is_rewardable(case)}
    return render(request, "rewards/propose.html", context, status=status)


def _award_page(
    request, award, *, decision_form=None, payment_form=None, form_for=None, status=200
):
    justification = split_reason = ""
    if award.case is not None:
        key = case_vault.case_key(award.case)
        justification = vault.open_for_case(
            key, award.case_number, award.id, "justification", award.justification_sealed
        )
        split_reason = vault.open_for_case(
            key, award.case_number, award.id, "split", award.split_reason_sealed
        )
    shares = list(award.shares.select_related("report").prefetch_related("payments"))
    payee_access = _payee_access(request.user, award)
    for share in shares:
        share.access = payee_access.get(share.id)
    context = {
        "award": award,
        "shares": shares,
        "approvals": award.approvals.select_related("officer"),
        "justification": justification,
        "split_reason": split_reason,
        "decision_form": decision_form or DecisionForm(),
        "payment_form": payment_form or PaymentForm(),
        "form_for": form_for,
        "may_decide": permissions.is_reward_officer(request.user),
        "may_pay": permissions.is_finance_officer(request.user),
        # Decisions and payments need a fresh second factor: the page offers it first, since a
        # form posted without one could not be replayed after the code is entered.
        "fresh": sudo.is_fresh(request),
    }
    return render(request, "rewards/award_detail.html", context, status=status)


def _payee_access(user, award) -> dict:
    """share id -> this payer's latest request to open its bank details (rewards.views.custody)."""
    if not permissions.is_finance_officer(user):
        return {}
    found = {}
    for item in PayeeAccessRequest.objects.filter(share__award=award, payer=user).order_by(
        "created_at", "id"
    ):
        found[item.share_id] = item
    return found


@never_cache
@staff_required
def award_detail(request, award_id):
    return _award_page(request, access.award_for(request.user, award_id))


@require_POST
@sudo_required
def award_decide(request, award_id):
    award = access.award_for(request.user, award_id)
    form = DecisionForm(request.POST)
    fresh = sudo.is_fresh(request)

    def act(data):
        if data["decision"] == "approve":
            do_approve_award(award, actor=request.user, fresh=fresh, note=data["note"])
        elif data["decision"] == "deny":
            do_deny_award(award, actor=request.user, fresh=fresh, note=data["note"])
        else:
            if data["amount"] is None:
                raise ActionError(_("Give the adjusted amount."), "amount")
            do_adjust_award(
                award,
                actor=request.user,
                fresh=fresh,
                amount=data["amount"],
                tier=data["tier"],
                note=data["note"],
            )

    if not act_on(form, act):
        return _award_page(request, award, decision_form=form, status=422)
    messages.success(request, _("The decision was recorded."))
    return redirect("rewards:detail", award.id)


@require_POST
@sudo_required
def share_pay(request, share_id):
    share = access.share_for(request.user, share_id)
    form = PaymentForm(request.POST)

    def act(data):
        do_record_payment(
            share,
            actor=request.user,
            fresh=sudo.is_fresh(request),
            reference=data["reference"],
            claim_code=data["claim_code"],
        )

    if act_on(form, act):
        messages.success(request, _("The payment was entered in the ledger."))
        return redirect("rewards:detail", share.award_id)
    award = access.award_for(request.user, share.award_id)
    return _award_page(request, award, payment_form=form, form_for=share.pk, status=422)
