"""WSGI entry point. /api/ requests go through a handler with only the middleware an API needs;
with TIPLINE_WEB_POOL=public or staff, only that pool's paths are answered (webpools.py).

Sessions, messages, CSRF (ninja exempts its views), django-axes, django-otp and WhiteNoise do
nothing for receipt-, partner- or token-authenticated JSON calls, yet cost about 0.13 ms of CPU per
request: over a tenth of a whole submission (docs/performance.md). Same URLconf, same views.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")
site_application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after Django is set up
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from awareness.hosts import serves_api  # noqa: E402 - after Django is set up
from tipline.webpools import routed  # noqa: E402


class ApiHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        # Django builds the chain from settings.MIDDLEWARE; swap it in for this one build only
        # (at import, single-threaded) rather than copying Django's loader.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


api_application = ApiHandler()

# The URLconf (every app's views, the API's schemas) is imported here rather than by each
# worker's first request: with gunicorn's preload_app the workers are forked with it. Built
# lazily, it took each new worker seconds of CPU, and over gunicorn's 30 s timeout on a loaded
# machine, so that workers were killed before they had answered anything. It opens no
# connection (bench/faults.py relies on that).
get_resolver().url_patterns  # noqa: B018 - imported for its side effect


def both_chains(environ, start_response):
    # Not on the CMS host, where only the CMS answers (the site's chain answers 404 there).
    if environ.get("PATH_INFO", "").startswith("/api/") and serves_api(environ):
        return api_application(environ, start_response)
    return site_application(environ, start_response)


# Only this pool's paths when the public side and the staff side run as two pools (webpools.py).
application = routed(both_chains, settings.WEB_POOL, settings.STAFF_ORIGIN, settings.PUBLIC_ORIGIN)
