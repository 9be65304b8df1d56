"""Case pages: the list, and a case's file with its workflow, analysts, notes and messages."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from cases import access
from cases.actions.casework import do_add_case_note, do_assign_case, do_change_case_status
from cases.actions.messaging import do_message_reporter
from cases.audited_reads import open_case
from cases.forms import (
    AssignForm,
    CaseFilterForm,
    IdentityRequestForm,
    MessageForm,
    NoteForm,
    StatusForm,
    TemplatePickForm,
    focus_first_error,
)
from cases.models import Case, IdentityRequest
from cases.standard_messages import template_text
from cases.views.common import act_on, filtered_page
from cases.views.sorting import Sorting, SortKey
from core.replicas import reads_from_replica
from intake.models import Report

SORT_KEYS = [
    SortKey("age", pgettext_lazy("date", "Opened"), ("-created_at",)),
    SortKey("priority", gettext_lazy("Priority"), ("top_priority", "-created_at")),
    SortKey("deadline", gettext_lazy("Feedback deadline"), ("feedback_due", "top_priority")),
]


@staff_required
@reads_from_replica
def case_list(request):
    if not permissions.can_work_cases(request.user):
        raise PermissionDenied
    sorting = Sorting(request, SORT_KEYS, default="age")

    def rows(data):
        return (
            Case.objects.visible_to(request.user)
            .matching(status=data["status"], assigned_to=request.user if data["mine"] else None)
            .select_related("unit")
            # A case is as urgent as its most urgent report, and owes the earliest feedback due.
            .annotate(
                top_priority=Min("links__report__priority"),
                feedback_due=Min(
                    "links__report__feedback_due_at",
                    filter=Q(links__report__feedback_at__isnull=True),
                ),
            )
        )

    context = filtered_page(request, sorting, CaseFilterForm(request.GET), rows)
    context["now"] = timezone.now()
    return render(request, "cases/case_list.html", context)


def _case_reports(user, case):
    return Report.objects.visible_to(user).filter(case_link__case=case).order_by("created_at")


def _message_form(request, case, reports):
    """Prefilled from a template in the chosen reporter's language (?template=…&report=…)."""
    pick = TemplatePickForm(request.GET)
    first = reports.first()
    report = first
    if "report" in request.GET:
        try:
            report = reports.filter(pk=uuid.UUID(request.GET["report"])).first()
        except ValueError:  # a mangled link: fall back to no template rather than a 500
            report = None
    body = ""
    if pick.is_valid() and pick.cleaned_data["template"] and report is not None:
        body = template_text(pick.cleaned_data["template"], report.language)
    return MessageForm(reports, initial={"report": report.pk if report else None, "body": body})


def _render(request, case: Case, status=200, **forms):
    user = request.user
    for refused in forms.values():
        focus_first_error(refused)
    reports = _case_reports(user, case)
    context = {
        "case": case,
        "opened": open_case(case, actor=user),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": case.status}),
        "assign_form": forms.get("assign_form")
        or AssignForm(case, initial={"analysts": list(case.assigned.all())}),
        "note_form": forms.get("note_form") or NoteForm(),
        "message_form": forms.get("message_form") or _message_form(request, case, reports),
        "identity_form": forms.get("identity_form") or IdentityRequestForm(reports),
        "identity_requests": IdentityRequest.objects.filter(case=case, analyst=user),
        "templates": TemplatePickForm.base_fields["template"].choices,
        "now": timezone.now(),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@staff_required
def case_detail(request, number):
    return _render(request, access.case_for(request.user, number))


def _post(request, number, form_class, form_name, act, *form_args):
    """The shape of every case form post: validate, act, redirect or re-render with errors."""
    case = access.case_for(request.user, number)
    form = form_class(*[arg(case) for arg in form_args], request.POST)
    if act_on(form, lambda data: act(case, data)):
        return redirect("cases:detail", number=case.number)
    return _render(request, case, status=422, **{form_name: form})


@require_POST
@staff_required
def case_status(request, number):
    def act(case, data):
        do_change_case_status(
            case,
            actor=request.user,
            status=data["status"],
            outcome=data["outcome"],
            public_outcome=data["public_outcome"],
        )
        messages.success(request, _("The case status was changed."))

    return _post(request, number, StatusForm, "status_form", act)


@require_POST
@staff_required
def case_assign(request, number):
    def act(case, data):
        do_assign_case(case, actor=request.user, analysts=data["analysts"])

    return _post(request, number, AssignForm, "assign_form", act, lambda case: case)


@require_POST
@staff_required
def case_note(request, number):
    def act(case, data):
        do_add_case_note(case, data["body"], actor=request.user)

    return _post(request, number, NoteForm, "note_form", act)


@require_POST
@staff_required
def case_message(request, number):
    def act(case, data):
        do_message_reporter(
            data["report"], data["body"], actor=request.user, feedback=data["feedback"]
        )
        messages.success(request, _("The message was sent to the reporter."))

    reports = lambda case: _case_reports(request.user, case)  # noqa: E731 - one-line factory
    return _post(request, number, MessageForm, "message_form", act, reports)


@require_POST
@staff_required
def identity_request(request, number):
    from cases.actions.custody import do_request_identity

    def act(case, data):
        do_request_identity(
            case, data["report"], actor=request.user, justification=data["justification"]
        )
        messages.success(request, _("Your request was sent to the custodian."))

    reports = lambda case: _case_reports(request.user, case)  # noqa: E731 - one-line factory
    return _post(request, number, IdentityRequestForm, "identity_form", act, reports)
