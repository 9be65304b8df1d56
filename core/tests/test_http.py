import logging

from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.test import RequestFactory, override_settings

from core.http import (
    DeviceFreeExceptionReporterFilter,
    NoDeviceDataLogFilter,
    StripDeviceDataMiddleware,
)

DEVICE_HEADERS = {
    "REMOTE_ADDR": "203.0.113.9",
    "REMOTE_HOST": "client.example",
    "REMOTE_PORT": "51234",
    "HTTP_USER_AGENT": "Mozilla/5.0 canary-ua",
    "HTTP_X_FORWARDED_FOR": "198.51.100.7",
    "HTTP_X_REAL_IP": "198.51.100.7",
    "HTTP_FORWARDED": "for=198.51.100.7",
    "HTTP_VIA": "1.1 proxy",
    "HTTP_CF_CONNECTING_IP": "198.51.100.7",
    "HTTP_TRUE_CLIENT_IP": "198.51.100.7",
    "HTTP_REFERER": "https://elsewhere.example/",
    "HTTP_SEC_CH_UA": '"Chromium";v="131"',
    "HTTP_SEC_CH_UA_PLATFORM": '"Android"',
    "HTTP_SEC_CH_VIEWPORT_WIDTH": "412",
    "HTTP_X_REQUESTED_WITH": "com.example.app",
    "HTTP_DNT": "1",
}


def _seen_by_view(**meta):
    seen = {}

    def view(request):
        seen.update(request.META)
        return "ok"

    request = RequestFactory().get("/", **meta)
    StripDeviceDataMiddleware(view)(request)
    return seen


def test_middleware_removes_address_agent_and_forwarding_headers():
    seen = _seen_by_view(**DEVICE_HEADERS)
    for key in DEVICE_HEADERS:
        if key != "REMOTE_ADDR":
            assert key not in seen, key
    assert seen["REMOTE_ADDR"] == "0.0.0.0"  # noqa: S104 - the placeholder, compared only
    assert "canary-ua" not in repr(seen)
    assert "198.51.100.7" not in repr(seen)


def test_middleware_keeps_what_the_app_needs():
    seen = _seen_by_view(
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_X_RECEIPT="1234",
        HTTP_X_FORWARDED_PROTO="https",
        CONTENT_TYPE="application/json",
    )
    assert seen["HTTP_ACCEPT_LANGUAGE"] == "en"
    assert seen["HTTP_X_RECEIPT"] == "1234"
    # Our TLS proxy's word about the connection; request.is_secure() depends on it.
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"


def test_log_filter_drops_the_request_but_keeps_the_record():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    record.request = RequestFactory().get("/", HTTP_USER_AGENT="canary-ua")
    assert NoDeviceDataLogFilter().filter(record) is True
    assert record.request is None
    assert record.getMessage() == "boom"


def test_exception_reports_show_no_device_data():
    request = RequestFactory().get("/", **DEVICE_HEADERS)
    meta = DeviceFreeExceptionReporterFilter().get_safe_request_meta(request)
    assert not set(meta) & (set(DEVICE_HEADERS) - {"REMOTE_ADDR"})
    assert "REMOTE_ADDR" not in meta


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=1024, ATTACHMENT_MAX_BYTES=8192)
def test_uploads_stay_in_memory_even_when_large():
    data = b"x" * 4096
    request = RequestFactory().post("/", {"attachments": _named(data, "big.txt")})
    upload = request.FILES["attachments"]
    assert isinstance(upload, InMemoryUploadedFile)
    assert upload.read() == data
    assert upload.size == 4096


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_uploads_over_the_limit_keep_their_true_size_but_not_their_bytes():
    request = RequestFactory().post("/", {"attachments": _named(b"y" * 5000, "huge.txt")})
    upload = request.FILES["attachments"]
    assert upload.size == 5000
    assert len(upload.read()) <= 1024


def _named(data: bytes, name: str):
    return SimpleUploadedFile(name, data, content_type="text/plain")
