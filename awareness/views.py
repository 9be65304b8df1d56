"""Serving guide pages to the public: Wagtail finds the page, our templates render it."""

from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views


@require_safe
def serve(request, path: str):
    # Pages have no forms: nothing is ever posted to /guide/.
    return wagtail_views.serve(request, path)
