"""Template context every page shares: who runs the site and how else to reach them."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language


class Agency:
    """The agency as pages and printed slips name it.

    The name is looked up when a template reads it, not when the page starts rendering, so a
    staff page printing a slip in the reporter's language (`{% language %}`) names the agency in
    that language too.
    """

    def __init__(self, request):
        self._request = request

    @property
    def name(self) -> str:
        english = (get_language() or "").startswith("en")
        return settings.AGENCY_NAME_EN if english else settings.AGENCY_NAME_ZH

    @property
    def site_url(self) -> str:
        # The public address when configured; otherwise the one this page was requested at.
        if settings.SITE_URL:
            return settings.SITE_URL
        try:
            return f"{self._request.scheme}://{self._request.get_host()}"
        except DisallowedHost:  # the 400 page for a bad Host header must still render
            return ""

    @property
    def hotline(self) -> str:
        return settings.HOTLINE_NUMBER or ""


def agency(request):
    return {"agency": Agency(request)}
