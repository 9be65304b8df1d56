"""The /api/ chain's language: the one Django's LocaleMiddleware would pick (language cookie,
then Accept-Language, then LANGUAGE_CODE), without the work it does for language-prefixed URLs.

LocaleMiddleware looks for a language prefix in the path twice per request and, on a 404, tries
the path with a prefix to redirect to: all for `i18n_patterns`, which this project does not use
(and no API path could). On the health check that was about a fifth of the in-process CPU
(docs/performance.md). Same headers out: `Vary: Accept-Language` and `Content-Language`."""

from django.utils import translation
from django.utils.cache import patch_vary_headers


class ApiLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        # The language at response time, as LocaleMiddleware: a view may have overridden it.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
