"""What decoding an upload may cost (the refusal, the pixel caps, the gate on decodes at once),
and the one way pixels are copied out of a decoded image.

A few hundred kilobytes of PNG can declare tens of millions of pixels, and decoding is where the
memory goes (4 bytes a pixel, twice over while re-encoding). Three bounds keep an anonymous
request from pushing a web worker past a known ceiling (docs/operations.md, "Memory ceiling for
uploads"):

- a per-image cap, checked from the header before any pixel is allocated ("bomb");
- a per-request budget of pixels, shared by every file (and every image inside a PDF) of one
  request ("too_many_pixels");
- a process-wide semaphore on decodes at once, so threads of one worker never hold more than
  that many decoded images together.

Django-free like core.sanitize; core.apps configures the defaults from settings at start-up.
"""

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageFile

MAX_PIXELS = 40_000_000  # one image; a 40-megapixel photo decodes to ~160 MB of RGBA
REQUEST_MAX_PIXELS = 80_000_000  # all images of one request together
DECODES_AT_ONCE = 1  # per process; gunicorn's sync workers serve one request at a time anyway

_MESSAGES = {
    "too_large": "The file is too large.",
    "type_not_allowed": (
        "This type of file is not accepted. Please send photos, PDF documents, "
        "plain text or audio recordings."
    ),
    "corrupt": "The file is damaged or unreadable.",
    "bomb": "The file expands to an unreasonable size when opened and cannot be accepted.",
    "too_many_pixels": (
        "Together, the pictures sent hold too many pixels. Please send fewer or smaller pictures."
    ),
    "disguised": "The file's name does not match its contents.",
    "empty": "The file is empty.",
}


class RejectedFile(Exception):
    """The upload is refused; `code` is stable for callers, `message` is English for people."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or _MESSAGES[code]
        super().__init__(self.message)


class PixelBudget:
    """The pixels one request may still decode. Make one per request and pass it to every
    sanitize() call of that request; not shared between threads.

    An image is charged once its header is read and before it is decoded. Nothing is given
    back: a PDF refused part-way keeps what its earlier images cost, since that work was done.
    """

    def __init__(self, total_pixels: int | None = None) -> None:
        self.total = REQUEST_MAX_PIXELS if total_pixels is None else total_pixels
        self.used = 0

    @property
    def left(self) -> int:
        return self.total - self.used

    def charge(self, pixels: int) -> None:
        """Spend `pixels` before decoding them, or raise RejectedFile("too_many_pixels")."""
        if pixels > self.left:
            raise RejectedFile("too_many_pixels")
        self.used += pixels


def check_image_size(width: int, height: int, max_pixels: int, budget: PixelBudget | None) -> None:
    """Refuse an image by its declared size, before a single pixel is allocated."""
    if width <= 0 or height <= 0:
        raise RejectedFile("corrupt")
    if width * height > max_pixels:
        raise RejectedFile("bomb")
    if budget is not None:
        budget.charge(width * height)


_slots = threading.BoundedSemaphore(DECODES_AT_ONCE)
_slots_size = DECODES_AT_ONCE


def configure(
    *,
    max_pixels: int | None = None,
    request_max_pixels: int | None = None,
    decodes_at_once: int | None = None,
) -> None:
    """Set the process-wide defaults (called once at start-up, before any request)."""
    global MAX_PIXELS, REQUEST_MAX_PIXELS, _slots, _slots_size  # start-up only
    if max_pixels is not None:
        MAX_PIXELS = max_pixels
    if request_max_pixels is not None:
        REQUEST_MAX_PIXELS = request_max_pixels
    _return_freed_pixels_to_the_os()
    if decodes_at_once is not None and decodes_at_once != _slots_size:
        if decodes_at_once < 1:
            raise ValueError("decodes_at_once must be at least 1")
        _slots, _slots_size = threading.BoundedSemaphore(decodes_at_once), decodes_at_once


def _return_freed_pixels_to_the_os() -> None:
    """Without this, one decode at a time does not bound a threaded worker's memory.

    glibc raises its mmap threshold (up to 32 MB) after big blocks are freed, so later pixel
    buffers come from per-thread arenas, which keep freed memory: four threads taking turns to
    decode still added 841 MB (bench/sanitize_memory.py). A fixed threshold maps every block of
    1 MB or more on its own and unmaps it when freed. Same as MALLOC_MMAP_THRESHOLD_=1048576.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return  # not glibc: its allocator has no such knob, and nothing to undo
    m_mmap_threshold = -3  # from glibc's malloc.h
    mallopt(m_mmap_threshold, 1 << 20)


@contextmanager
def decode_slot() -> Iterator[None]:
    """Hold one of the process's decode slots while pixels are in memory.

    Waits without a time limit: every holder is bounded by MAX_PIXELS, so it finishes within
    seconds, and gunicorn's worker timeout covers a stuck process.
    """
    slots = _slots  # the one acquired is the one released, even if configure() runs meanwhile
    # A truncated or corrupt picture must be refused, never padded with grey: some libraries
    # (WeasyPrint, on import) switch Pillow's process-wide LOAD_TRUNCATED_IMAGES on.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with slots:
        yield


def free_decode_slots() -> int:
    return _slots._value  # a read-only peek, for tests and the benchmark


def from_pixels(image: Image.Image, mode: str) -> Image.Image:
    """A brand-new image holding only `image`'s pixels, in `mode`; `image` is closed.

    The new image inherits nothing of image.info: no EXIF, XMP, ICC profile, text chunks or
    comments. Trade-off: wide-gamut photos lose their profile and may look slightly duller.
    Closing the source as soon as it is copied keeps at most two decoded copies alive, which is
    what the memory ceiling assumes (8 bytes a pixel).
    """
    if image.mode != mode:
        converted = image.convert(mode)
        image.close()
        image = converted
    clean = Image.new(mode, image.size)
    clean.paste(image)
    image.close()
    return clean
