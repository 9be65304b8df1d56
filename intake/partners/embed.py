"""The embeddable entry point partners link to or frame: /embed/ and /embed/<partner-slug>/.

It sets no cookie before the reporter acts (nothing on it posts, so no CSRF token; no session, no
language cookie) and loads nothing from another site. Unlike every other page it may be framed,
by the origins in TIPLINE_EMBED_FRAME_ANCESTORS only. Its links open the reporting flow at the top
level: the reporter then sees our address, not the partner's, and the flow itself stays
unframeable (X-Frame-Options: DENY), out of reach of an overlay on the partner's page.

`?campaign=<tag>` carries one of the partner's own campaigns (on /embed/, one of no partner's)
into the reporting flow's links; any other tag is dropped (intake.partners.campaigns).
"""

from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt

from intake.models import Category, Partner
from intake.partners import campaigns


def frameable_by_partners(view):
    """Lift X-Frame-Options for this view and let CSP name who may frame it. The origins are
    read per request (not when the module loads) so the setting can be changed in tests."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        ancestors = {"frame-ancestors": list(settings.TIPLINE_EMBED_FRAME_ANCESTORS)}
        return csp_replace(ancestors)(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)


@never_cache
@frameable_by_partners
def embed(request, partner_slug: str | None = None):
    partner = None
    if partner_slug is not None:
        partner = get_object_or_404(Partner, slug=partner_slug, active=True)
    campaign = campaigns.active(request.GET.get("campaign"), partner=partner)
    context = {
        "categories": Category.objects.active(),
        "partner": partner,
        "campaign_query": campaigns.query(campaign.tag if campaign else ""),
    }
    return render(request, "intake/embed/entry.html", context)
