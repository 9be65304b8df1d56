"""Keeping device data out of Tipline: no address, user agent or similar header survives the
first middleware, so no view, log line, error report or library below can store it."""

import logging
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
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
        "HTTP_FROM",
        "HTTP_X_ORIGINAL_FORWARDED_FOR",
        "HTTP_X_PROXYUSER_IP",
        "HTTP_FASTLY_CLIENT_IP",
        "HTTP_X_ENVOY_EXTERNAL_ADDRESS",
        "HTTP_X_APPENGINE_USER_IP",
        "HTTP_X_UIDH",  # carrier-injected subscriber ids
        "HTTP_X_ATT_DEVICEID",
        "HTTP_X_WAP_PROFILE",
        "HTTP_X_NETWORK_INFO",
        "HTTP_X_CLIENT_DATA",  # browser variation ids
        "HTTP_X_REQUESTED_WITH",  # Android web views put the app's package name here
    }
)
# Client hints (Sec-CH-UA, -Platform, -Model, -Viewport-Width …) and proxy address chains.
DEVICE_META_PREFIXES = ("HTTP_SEC_CH_", "HTTP_X_FORWARDED_")
# Said by our own TLS proxy about the connection, not by the device: `request.is_secure()` (and
# so CSRF origin checks) needs X-Forwarded-Proto when SECURE_PROXY_SSL_HEADER is set.
PROXY_META_KEYS = frozenset(
    {"HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT"}
)


def is_device_data(key: str) -> bool:
    if key in PROXY_META_KEYS:
        return False
    return key in DEVICE_META_KEYS or key.startswith(DEVICE_META_PREFIXES)


def strip_device_data(meta: dict) -> None:
    for key in list(meta):
        if is_device_data(key):
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
        return {k: v for k, v in meta.items() if not is_device_data(k)}


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


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Uploads stay in memory until they are sealed.

    Django's default handlers spool any file over FILE_UPLOAD_MAX_MEMORY_SIZE to a temp file in
    the clear, which would put a reporter's evidence on disk unencrypted. Here bytes past
    ATTACHMENT_MAX_BYTES are counted but dropped: `size` still tells the truth, so the caller
    refuses the file as too large, and memory stays bounded by the attachment count limit: only
    the first ATTACHMENT_MAX_COUNT files of a request are held at all.
    """

    files_started = 0  # per request: Django makes new handlers for each request

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.received = 0
        self.files_started += 1
        # Files past the count are refused whole by the pipeline: their bytes are never kept.
        self.keep = self.files_started <= settings.ATTACHMENT_MAX_COUNT

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.keep and self.received <= settings.ATTACHMENT_MAX_BYTES:
            self.buffer.write(raw_data)
        # Returning nothing tells Django this handler consumed the chunk.

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class StaticCSPMiddleware:
    """The API chain's Content-Security-Policy, built once.

    django-csp rebuilds the policy string for every response because it supports per-request
    nonces, which we never use; on the submission path that rebuild cost a tenth of the request.
    The policy is the same one django-csp sends on pages; a view's own header wins."""

    def __init__(self, get_response):
        from csp.utils import build_policy

        self.get_response = get_response
        self.policy = build_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
