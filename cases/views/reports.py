"""A report's page: its decrypted content, triage, transfer and a first message to the reporter.

Opening the page decrypts the report, so it is an audited `report.view`. Only content roles get
here (403 otherwise); a report outside the user's units is a 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from cases import access
from cases.actions.messaging import do_message_reporter
from cases.actions.routing import do_transfer_report
from cases.actions.triage import do_triage_report
from cases.audited_reads import open_report
from cases.forms import MessageForm, TransferForm, TriageForm, focus_first_error
from cases.models import CaseReport
from cases.standard_messages import template_text
from cases.views.common import act_on
from intake.models import Report, TriageState


def _render(request, report: Report, **forms):
    user = request.user
    for refused in forms.values():
        if hasattr(refused, "errors"):  # a form posted back with errors (the rest: status)
            focus_first_error(refused)
    opened = open_report(report, actor=user)
    untriaged = report.triage_state == TriageState.NEW
    link = CaseReport.objects.filter(report=report).select_related("case").first()
    template = request.GET.get("template", "acknowledgement")
    body = template_text(template, report.language) if template in ("acknowledgement",) else ""
    context = {
        "report": report,
        "opened": opened,
        "case": link.case if link else None,
        "overdue": report.overdue_kinds(),
        "now": timezone.now(),
        "can_triage": untriaged and permissions.can_triage(user),
        "triage_form": forms.get("triage_form")
        or TriageForm(
            user,
            initial={
                "category": report.category_id,
                "region": report.region_id,
                "priority": report.priority,
            },
        ),
        "transfer_form": forms.get("transfer_form") or TransferForm(user, report),
        "message_form": forms.get("message_form")
        or MessageForm(
            Report.objects.filter(pk=report.pk), initial={"report": report.pk, "body": body}
        ),
        "decisions": report.triage_decisions.select_related("actor", "case"),
    }
    return render(request, "cases/report_detail.html", context, status=forms.get("status", 200))


@staff_required
def report_detail(request, report_id):
    return _render(request, access.report_for(request.user, report_id))


@require_POST
@staff_required
def report_triage(request, report_id):
    report = access.report_for(request.user, report_id, roles=permissions.TRIAGE_ROLES)
    form = TriageForm(request.user, request.POST)
    done = {}

    def act(data):
        done["decision"] = do_triage_report(
            report,
            actor=request.user,
            category=data["category"],
            region=data["region"],
            priority=data["priority"],
            decision=data["decision"],
            reason=data["reason"],
            case=data["case"],
            duplicate_of=data["duplicate_of"],
        )

    if not act_on(form, act):
        return _render(request, report, triage_form=form, status=422)
    messages.success(request, _("The report was triaged."))
    case = done["decision"].case
    if case and report.triage_state == TriageState.ACCEPTED:
        return redirect("cases:detail", number=case.number)
    return redirect("cases:triage")


@require_POST
@staff_required
def report_transfer(request, report_id):
    report = access.report_for(request.user, report_id, roles=permissions.TRIAGE_ROLES)
    form = TransferForm(request.user, report, request.POST)

    def act(data):
        do_transfer_report(report, actor=request.user, unit=data["unit"], reason=data["reason"])

    if not act_on(form, act):
        return _render(request, report, transfer_form=form, status=422)
    messages.success(request, _("The report was transferred."))
    return redirect("cases:triage")


@require_POST
@staff_required
def report_message(request, report_id):
    report = access.report_for(request.user, report_id, roles=permissions.TRIAGE_ROLES)
    form = MessageForm(Report.objects.filter(pk=report.pk), request.POST)

    def act(data):
        do_message_reporter(report, data["body"], actor=request.user, feedback=data["feedback"])

    if not act_on(form, act):
        return _render(request, report, message_form=form, status=422)
    messages.success(request, _("The message was sent to the reporter."))
    return redirect("cases:report", report_id=report.pk)
