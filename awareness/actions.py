"""The CMS writes that are ours rather than Wagtail's, each audited in its own transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction

from accounts import permissions
from awareness.audit import withdrawing

REASON_MAX = 500


class ReasonRequired(ValueError):
    pass


def do_withdraw_page(page, *, actor, reason: str, translations: bool = True) -> list:
    """Take a live page off the public site at once (with its live translations, unless told
    otherwise), on one publisher's authority: wrong or dangerous content must not wait for a
    second person (docs/decisions/0007-withdrawing-pages.md). Its revisions stay, and it goes
    live again only through the two-person workflow, like any page. Returns the pages withdrawn.

    Wagtail's own unpublishing needs its "publish" permission, which nobody holds
    (awareness/groups.py): the publisher role is checked here instead."""
    if not permissions.can_publish_content(actor):
        raise PermissionDenied
    reason = reason.strip()[:REASON_MAX]
    if not reason:
        raise ReasonRequired
    pages = [page.specific, *(page.get_translations().live().specific() if translations else [])]
    pages = [each for each in pages if each.live]
    with transaction.atomic(), withdrawing(actor, reason):
        for each in pages:
            # One audit event per page, written by the page_unpublished signal (awareness.audit).
            UnpublishPageAction(each, user=actor).execute(skip_permission_checks=True)
    return pages
