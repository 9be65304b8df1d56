"""core.decoding: pixels per image, pixels per request and decodes at once are bounded."""

import threading
import zlib

import pikepdf
import pytest
from django.conf import settings

from core import decoding
from core.decoding import PixelBudget, RejectedFile, decode_slot, free_decode_slots
from core.sanitize import sanitize
from core.tests.sanitize_samples import (
    jpeg_with_metadata,
    noisy_image,
    pdf_with_images,
    pdf_with_pages,
    png_bytes,
    png_declaring,
    rejection,
    wav_bytes,
)

PNG_400 = png_bytes(noisy_image((20, 20)))  # 400 pixels
FLAT = {"Filter": pikepdf.Name.FlateDecode}


def rgb_samples() -> bytes:
    return zlib.compress(bytes(20 * 20 * 3))  # 20 x 20 RGB samples, as a PDF stores them


@pytest.fixture
def decodes_at_once():
    def configure(count: int) -> None:
        decoding.configure(decodes_at_once=count)

    yield configure
    decoding.configure(decodes_at_once=settings.DECODES_AT_ONCE)


def test_the_limits_come_from_settings():
    assert decoding.MAX_PIXELS == settings.IMAGE_MAX_PIXELS
    assert decoding.REQUEST_MAX_PIXELS == settings.REQUEST_MAX_PIXELS
    assert free_decode_slots() == settings.DECODES_AT_ONCE
    assert PixelBudget().total == settings.REQUEST_MAX_PIXELS


def test_the_configured_per_image_cap_applies_to_callers_that_pass_none(monkeypatch):
    monkeypatch.setattr(decoding, "MAX_PIXELS", 399)
    assert rejection(PNG_400, "a.png") == "bomb"
    monkeypatch.setattr(decoding, "MAX_PIXELS", 400)
    assert sanitize(PNG_400, "a.png").kind == "image"


def test_a_budget_is_shared_by_the_files_of_a_request():
    budget = PixelBudget(1000)

    sanitize(PNG_400, "1.png", budget=budget)
    sanitize(PNG_400, "2.png", budget=budget)
    assert (budget.used, budget.left) == (800, 200)

    assert rejection(PNG_400, "3.png", budget=budget) == "too_many_pixels"
    assert budget.used == 800  # a refused file costs nothing


def test_a_budget_refuses_a_declared_size_before_decoding_it():
    # 5,000 x 5,000 would take 100 MB decoded; the header alone is enough to refuse it.
    huge = png_declaring(5_000, 5_000)
    assert rejection(huge, "a.png", budget=PixelBudget(10**7)) == "too_many_pixels"


def test_the_per_image_cap_is_checked_before_the_budget():
    budget = PixelBudget(10**9)
    assert rejection(png_declaring(10_000, 5_000), "a.png", budget=budget) == "bomb"
    assert budget.used == 0


def test_a_damaged_image_is_refused_before_it_is_charged():
    damaged = bytearray(PNG_400)
    damaged[60] ^= 0xFF  # inside the pixel data, so only its checksum tells
    budget = PixelBudget(1000)
    assert rejection(bytes(damaged), "a.png", budget=budget) == "corrupt"
    assert budget.used == 0


def test_a_jpeg_is_charged_its_pixels():
    budget = PixelBudget(10_000)
    sanitize(jpeg_with_metadata(), "a.jpg", budget=budget)
    assert budget.used == 40 * 20


def test_files_without_pixels_cost_nothing():
    budget = PixelBudget(0)
    for data, name in [(b"hello", "a.txt"), (wav_bytes(), "a.wav"), (pdf_with_pages(2), "a.pdf")]:
        sanitize(data, name, budget=budget)
    assert budget.used == 0


def test_without_a_budget_each_file_gets_one_of_its_own(monkeypatch):
    monkeypatch.setattr(decoding, "REQUEST_MAX_PIXELS", 1000)
    for index in range(3):
        sanitize(PNG_400, f"{index}.png")  # 400 pixels each, never added up across calls
    three_images = pdf_with_images(*[(rgb_samples(), (20, 20), FLAT)] * 3)
    assert rejection(three_images, "a.pdf") == "too_many_pixels"  # 1,200 in one file


def test_a_decode_waits_for_a_free_slot(decodes_at_once):
    decodes_at_once(1)
    finished = threading.Event()

    def upload() -> None:
        sanitize(PNG_400, "a.png")
        finished.set()

    with decode_slot():  # another request's decode holds the only slot
        worker = threading.Thread(target=upload)
        worker.start()
        assert not finished.wait(0.5)
    worker.join()
    assert finished.is_set()


def test_a_slot_is_freed_when_a_decode_fails(decodes_at_once):
    decodes_at_once(2)
    with pytest.raises(RejectedFile):
        sanitize(png_declaring(100, 100), "a.png")  # header and checksums fine, pixels missing
    assert free_decode_slots() == 2


def test_each_decode_holds_one_slot(decodes_at_once, monkeypatch):
    decodes_at_once(3)
    seen = []
    real = decoding.from_pixels

    def spy(image, mode):
        seen.append(free_decode_slots())
        return real(image, mode)

    monkeypatch.setattr("core.sanitize.from_pixels", spy)
    sanitize(PNG_400, "a.png")
    assert seen == [2]
    assert free_decode_slots() == 3


def test_decodes_at_once_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        decoding.configure(decodes_at_once=0)


def test_a_truncated_picture_is_refused_even_after_weasyprint_was_imported(decodes_at_once):
    import weasyprint  # noqa: F401 - its import turns Pillow's LOAD_TRUNCATED_IMAGES on

    decodes_at_once(2)
    with pytest.raises(RejectedFile):
        sanitize(png_declaring(100, 100), "a.png")
