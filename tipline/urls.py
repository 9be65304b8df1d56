from django.contrib import admin
from django.urls import include, path

from tipline.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/audit/", include("audit.urls")),
    path("staff/", include("accounts.urls")),
    path("staff/", include("cases.urls")),
    path("", include("intake.urls")),
]
