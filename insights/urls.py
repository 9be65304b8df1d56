from django.urls import path

from insights.views import dashboard

app_name = "insights"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("figures.csv", dashboard.dashboard_csv, name="export"),
]
