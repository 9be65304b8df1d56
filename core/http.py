"""Keeping device data out of Tipline: no address, user agent or similar header survives the
first middleware, so no view, log line, error report or library below can store it."""

import logging

from django.middleware.csrf import CsrfViewMiddleware
from django.views.debug import SafeExceptionReporterFilter

# Headers that identify or fingerprint a device or its network path.
DEVICE_META_KEYS = frozenset(
    {
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "REMOTE_PORT",
        "HTTP_USER_AGENT",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "HTTP_FORWARDED",
        "HTTP_VIA",
        "HTTP_CLIENT_IP",
        "HTTP_TRUE_CLIENT_IP",
        "HTTP_CF_CONNECTING_IP",
        "HTTP_X_CLIENT_IP",
        "HTTP_X_CLUSTER_CLIENT_IP",
        "HTTP_REFERER",
        "HTTP_DNT",
        "HTTP_SEC_GPC",
    }
)
DEVICE_META_PREFIXES = ("HTTP_SEC_CH_UA", "HTTP_X_FORWARDED_")


def strip_device_data(meta: dict) -> None:
    for key in list(meta):
        if key in DEVICE_META_KEYS or key.startswith(DEVICE_META_PREFIXES):
            del meta[key]
    # Django and libraries expect the key to exist; an unroutable placeholder carries nothing.
    meta["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104 - a placeholder, never bound


class StripDeviceDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        strip_device_data(request.META)
        return self.get_response(request)


class NoDeviceDataLogFilter(logging.Filter):
    """Django attaches the request to error log records; handlers could serialise its META."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True


class DeviceFreeExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {k: v for k, v in meta.items() if k not in DEVICE_META_KEYS}


class NoReferrerCsrfMiddleware(CsrfViewMiddleware):
    """CSRF that works with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` on form posts and no Referer, which Django's
    origin and (over HTTPS) referer checks would reject. We keep the secret-token check, SameSite
    cookies and a strict CSP `form-action 'self'`; a present, real Origin is still verified.
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.META.get("HTTP_ORIGIN") == "null":
            del request.META["HTTP_ORIGIN"]
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _check_referer(self, request):  # private in Django, so absent from django-stubs
        if request.META.get("HTTP_REFERER") is None:
            return
        super()._check_referer(request)  # type: ignore[misc]
