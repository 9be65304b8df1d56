from django.urls import path

from intake import views

# Reporter URLs never carry a report id or receipt: after follow-up login the session says which.
urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.choose_category, name="report_categories"),
    path("report/submit/", views.submit, name="report_submit"),
    path("report/<slug:slug>/", views.report_form, name="report_form"),
    path("followup/", views.followup, name="followup"),
    path("followup/report/", views.followup_report, name="followup_report"),
    path("followup/report/message/", views.followup_message, name="followup_message"),
    path("followup/report/identity/", views.followup_identity, name="followup_identity"),
    path("followup/logout/", views.followup_logout, name="followup_logout"),
]
