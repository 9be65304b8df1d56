"""Public guide pages under /guide/: Wagtail's page routing, without its front-end login and
password views (the staff login is the only one). The URL name is the one Wagtail reverses."""

from django.urls import re_path

from awareness import views

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)*)$", views.serve, name="wagtail_serve"),
]
