from django.urls import path

from intake.web import followup, report

# Reporter URLs never carry a report id or receipt: after follow-up login the session says which.
urlpatterns = [
    path("", report.home, name="home"),
    path("report/", report.choose_category, name="report_categories"),
    path("report/submit/", report.submit, name="report_submit"),
    path("report/<slug:slug>/", report.report_form, name="report_form"),
    # A campaign's short link (on its poster): the reporting flow, carrying the campaign's tag.
    path("c/<str:tag>/", report.campaign_link, name="campaign_link"),
    path("followup/", followup.followup, name="followup"),
    path("followup/report/", followup.followup_report, name="followup_report"),
    path("followup/report/message/", followup.followup_message, name="followup_message"),
    path("followup/report/identity/", followup.followup_identity, name="followup_identity"),
    path("followup/logout/", followup.followup_logout, name="followup_logout"),
]
