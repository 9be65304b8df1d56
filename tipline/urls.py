from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from accounts.views.auth import logout_view
from cases.views.home import home as staff_home
from intake.partners.embed import embed
from tipline.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/letters/", include("intake.letters.urls")),
    path("staff/hotline/", include("intake.hotline.urls")),
    path("staff/rewards/", include("rewards.urls")),
    path("staff/insights/", include("insights.urls")),
    # The staff home counts reports and cases, which accounts cannot see: cases serves it.
    path("staff/", staff_home),
    path("staff/", include("accounts.urls")),
    path("staff/", include("cases.similarity.urls")),
    path("staff/search/", include("cases.search.urls")),
    path("staff/", include("cases.urls")),
    # Wagtail's admin, answering only on TIPLINE_CMS_HOST (awareness/hosts.py); signing out is
    # the staff console's, so it is audited like any other.
    path("cms/logout/", logout_view),
    path("cms/", include(wagtailadmin_urls)),
    path("guide/", include("awareness.urls")),
    path("embed/", embed, name="embed"),
    path("embed/<slug:partner_slug>/", embed, name="embed_partner"),
    path("", include("rewards.public_urls")),
    path("", include("insights.public_urls")),
    path("", include("intake.web.urls")),
]

# A database outage answers 503 with Retry-After (site and API alike), never a bare 500.
handler404 = "tipline.errors.not_found"
handler500 = "core.outage.server_error"
