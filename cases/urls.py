from django.urls import path, register_converter

from cases.views import attachments, cases, custody, goto, overdue, reports, triage


class ReportHandleConverter:
    """A report's id or its reference (K7QM-2XHD, any case, dash optional): both resolve, to
    the same scoped lookup (cases.access.report_for)."""

    regex = "[0-9A-Za-z-]{8,36}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(ReportHandleConverter, "report")

app_name = "cases"

urlpatterns = [
    path("triage/", triage.triage_queue, name="triage"),
    path("reports/go/", goto.report_go, name="report_go"),
    path("reports/<report:report_id>/", reports.report_detail, name="report"),
    path("reports/<report:report_id>/triage/", reports.report_triage, name="report_triage"),
    path("reports/<report:report_id>/transfer/", reports.report_transfer, name="report_transfer"),
    path("reports/<report:report_id>/message/", reports.report_message, name="report_message"),
    path("attachments/<uuid:attachment_id>/", attachments.attachment_clean, name="attachment"),
    path(
        "attachments/<uuid:attachment_id>/original/",
        attachments.attachment_original,
        name="attachment_original",
    ),
    path("cases/", cases.case_list, name="list"),
    path("cases/<str:number>/", cases.case_detail, name="detail"),
    path("cases/<str:number>/status/", cases.case_status, name="status"),
    path("cases/<str:number>/assign/", cases.case_assign, name="assign"),
    path("cases/<str:number>/notes/", cases.case_note, name="note"),
    path("cases/<str:number>/messages/", cases.case_message, name="message"),
    path("cases/<str:number>/identity/", cases.identity_request, name="identity_request"),
    path("cases/<str:number>/identity/<int:pk>/", custody.identity_reveal, name="identity_reveal"),
    path("overdue/", overdue.overdue_list, name="overdue"),
    path(
        "overdue/escalations/<int:pk>/dismiss/",
        overdue.escalation_dismiss,
        name="escalation_dismiss",
    ),
    path("custody/", custody.custody_list, name="custody"),
    path("custody/<int:pk>/decide/", custody.custody_decide, name="custody_decide"),
]
