"""The HTML answers every page of every channel shares: a redirect after POST, and "wait".

One place, so that the public site, the hotline console and the letters form answer a spent budget
or a throttled receipt the same way (429 with Retry-After and a page that says how long).
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url


def see_other(to: str, *args) -> HttpResponseRedirect:
    """303 to a URL or a URL name, so a refresh after a POST never sends it again."""
    response = HttpResponseRedirect(resolve_url(to, *args))
    response.status_code = 303
    return response


def too_many(request, wait: int, *, template: str = "429.html", **context):
    """429 with Retry-After and a page that says how long to wait."""
    context = {"retry_after": wait, **context}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response
