"""core.sanitize on images: re-encoded from pixels, metadata gone, bombs refused."""

import io

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from core.sanitize import SanitizedFile, sanitize
from core.tests.sanitize_samples import (
    MARKER,
    jpeg_with_metadata,
    noisy_image,
    png_bytes,
    png_declaring,
    rejection,
)

# --- images -------------------------------------------------------------------------------


def test_it_strips_exif_gps_xmp_icc_and_comments_from_jpeg():
    original = jpeg_with_metadata()
    assert MARKER.encode() in original

    cleaned = sanitize(original, "IMG_0001.jpg")

    assert cleaned == SanitizedFile(
        "image", "image/jpeg", "image/jpeg", cleaned.clean_bytes, ".jpg"
    )
    assert MARKER.encode() not in cleaned.clean_bytes
    assert b"GPS" not in cleaned.clean_bytes
    image = Image.open(io.BytesIO(cleaned.clean_bytes))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not {"exif", "icc_profile", "comment", "xmp"} & image.info.keys()


def test_it_applies_exif_orientation_before_dropping_it():
    cleaned = sanitize(jpeg_with_metadata(), "IMG_0001.jpg")
    assert Image.open(io.BytesIO(cleaned.clean_bytes)).size == (20, 40)


def test_it_strips_png_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", MARKER)
    info.add_text("Comment", MARKER, zip=True)
    info.add_itxt("Location", MARKER)
    original = png_bytes(noisy_image(mode="RGBA"), pnginfo=info)

    cleaned = sanitize(original, "screenshot.png")

    assert (cleaned.kind, cleaned.clean_mime, cleaned.extension) == ("image", "image/png", ".png")
    assert MARKER.encode() not in cleaned.clean_bytes
    image = Image.open(io.BytesIO(cleaned.clean_bytes))
    assert image.text == {}
    assert image.mode == "RGBA"  # transparency survives


def test_it_keeps_the_pixels_of_a_png():
    source = noisy_image()
    cleaned = sanitize(png_bytes(source), "a.png")
    assert Image.open(io.BytesIO(cleaned.clean_bytes)).tobytes() == source.tobytes()


def test_it_turns_an_animated_gif_into_a_png_of_its_first_frame():
    frames = [Image.new("P", (8, 8), color) for color in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=MARKER.encode())

    cleaned = sanitize(out.getvalue(), "meme.gif")

    assert (cleaned.mime, cleaned.clean_mime) == ("image/gif", "image/png")
    assert MARKER.encode() not in cleaned.clean_bytes
    assert getattr(Image.open(io.BytesIO(cleaned.clean_bytes)), "n_frames", 1) == 1


def test_it_turns_webp_into_png():
    out = io.BytesIO()
    noisy_image().save(out, "WEBP", exif=exif_with_marker())
    cleaned = sanitize(out.getvalue(), "photo.webp")
    assert (cleaned.mime, cleaned.clean_mime, cleaned.extension) == (
        "image/webp",
        "image/png",
        ".png",
    )
    assert MARKER.encode() not in cleaned.clean_bytes


def exif_with_marker() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = MARKER
    return exif


def test_it_rejects_a_truncated_jpeg_as_corrupt():
    out = io.BytesIO()
    noisy_image((256, 256)).save(out, "JPEG")
    data = out.getvalue()
    assert rejection(data[: len(data) // 2], "photo.jpg") == "corrupt"


def test_it_rejects_a_png_with_a_broken_checksum_as_corrupt():
    data = bytearray(png_bytes(noisy_image()))
    data[60] ^= 0xFF  # inside the IDAT chunk's data, so only its CRC tells
    assert rejection(bytes(data), "a.png") == "corrupt"


@pytest.mark.parametrize(
    ("width", "height"),
    [(100_000, 100_000), (10_000, 5_000)],
    ids=["past-pillows-limit", "past-our-limit"],
)
def test_it_rejects_png_bombs_without_decoding_them(width, height):
    # Decoding 100k x 100k RGB would need 30 GB; only a header-level refusal can pass this.
    assert rejection(png_declaring(width, height), "tiny.png") == "bomb"


def test_it_enforces_the_callers_pixel_limit():
    assert rejection(png_bytes(noisy_image((20, 20))), "a.png", max_pixels=399) == "bomb"
    assert sanitize(png_bytes(noisy_image((20, 20))), "a.png", max_pixels=400).kind == "image"
