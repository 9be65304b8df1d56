"""Which campaign a report starts from, and nothing else about where it came from.

A campaign's tag travels only in our own pages' links and forms (the short link `/c/<tag>/`, the
category page, the form's hidden field, the sealed draft): no cookie, no referrer (the site sends
`Referrer-Policy: no-referrer` and stores none), no address. A tag that is unknown, inactive or
another partner's is simply dropped: the report is filed as an ordinary one, and the reporter
sees nothing that tells a live tag from a dead one.
"""

import re

from django.utils.http import urlencode

from intake.models import Campaign, Partner

TAG_MAX = 40
_TAG = re.compile(rf"[-a-zA-Z0-9_]{{1,{TAG_MAX}}}")  # a SlugField's shape
ANYONE = object()  # the short link and the web form: any active campaign


def active(tag, *, partner: Partner | None | object = ANYONE) -> Campaign | None:
    """The active campaign `tag` names; with `partner`, only that partner's own (None: only
    campaigns of no partner, for anonymous callers and the plain embed page)."""
    if not is_tag(tag):
        return None
    campaigns = Campaign.objects.filter(tag=tag, active=True)
    if partner is not ANYONE:
        campaigns = campaigns.filter(partner=partner)
    return campaigns.first()


def is_tag(tag) -> bool:
    """Could be a tag: anything else (a NUL byte, a long text) never reaches the database."""
    return isinstance(tag, str) and _TAG.fullmatch(tag) is not None


def tag_in(data) -> str:
    """The tag of an active campaign carried in a GET or POST, else ""."""
    campaign = active(data.get("campaign"))
    return campaign.tag if campaign else ""


def query(tag: str) -> str:
    """ "?campaign=<tag>" to append to a link of the reporting flow, "" without a campaign."""
    return f"?{urlencode({'campaign': tag})}" if tag else ""
