"""core.sanitize: refusals by size and type; hostile bytes only ever give RejectedFile."""

import io
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sanitize import RejectedFile, sanitize
from core.tests.sanitize_samples import (
    MARKER,
    MP3_FRAMES,
    hostile_pdf,
    id3v1,
    id3v2,
    jpeg_with_metadata,
    noisy_image,
    pdf_with_metadata_and_scripts,
    pdf_with_pages,
    png_bytes,
    rejection,
    wav_bytes,
    with_list_info_chunk,
)

# --- size and type ------------------------------------------------------------------------


def test_it_rejects_empty_files():
    assert rejection(b"", "tip.txt") == "empty"


def test_it_rejects_files_over_the_size_limit():
    assert rejection(b"a" * 11, "tip.txt", max_bytes=10) == "too_large"


def test_it_accepts_files_at_the_size_limit():
    assert sanitize(b"a" * 10, "tip.txt", max_bytes=10).kind == "text"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
        (
            b"\x7fELF\x02\x01\x01\x00"
            + b"\0" * 8
            + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x400000, 64, 0, 0, 64, 56, 1, 64, 0, 0),
            "tool",
        ),
        (b"MZ\x90\x00\x03" + b"\0" * 200, "setup.exe"),
    ],
    ids=["html", "svg", "elf", "exe"],
)
def test_it_rejects_types_outside_the_allow_list(data, filename):
    assert rejection(data, filename) == "type_not_allowed"


def test_it_rejects_zip_archives():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("leak.txt", "hello")
    assert rejection(archive.getvalue(), "leak.zip") == "type_not_allowed"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (pdf_with_pages(1), "photo.jpg"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "photo.png"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\0" * 56, "holiday.JPG"),
        (png_bytes(noisy_image()), "statement.pdf"),
        (png_bytes(noisy_image()), "notes.txt"),
        (wav_bytes(), "picture.gif. "),
    ],
    ids=["pdf-as-jpg", "html-as-png", "elf-as-jpg", "png-as-pdf", "png-as-txt", "trailing-dot"],
)
def test_it_rejects_files_whose_name_claims_another_kind(data, filename):
    assert rejection(data, filename) == "disguised"


def test_it_accepts_a_mislabelled_image_of_another_image_type():
    cleaned = sanitize(png_bytes(noisy_image()), "photo.jpg")
    assert (cleaned.mime, cleaned.extension) == ("image/png", ".png")


@pytest.mark.parametrize("filename", ["", "upload", "upload.bin", "C:\\fakepath\\scan.v2"])
def test_it_judges_files_without_a_known_extension_by_content(filename):
    assert sanitize(png_bytes(noisy_image()), filename).kind == "image"


def test_every_rejection_code_has_a_message():
    for code in (
        "too_large",
        "type_not_allowed",
        "corrupt",
        "bomb",
        "too_many_pixels",
        "disguised",
        "empty",
    ):
        assert RejectedFile(code).message
        assert RejectedFile(code).code == code


# --- robustness ---------------------------------------------------------------------------

# Real magic numbers put random tails in front of every parser, not just libmagic.
PREFIXES = [
    b"",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"RIFF\x00\x01\x00\x00WEBPVP8 ",
    b"%PDF-1.4\n",
    b"RIFF\x24\x00\x00\x00WAVEfmt ",
    b"ID3\x04\x00\x00",
    b"\xff\xfb\x90\x00",
    b"OggS\x00\x02",
]

VALID_FILES = [
    png_bytes(noisy_image((16, 16), "RGBA")),
    jpeg_with_metadata(),
    pdf_with_metadata_and_scripts(),
    hostile_pdf(),  # images, a form and a link: the image pass meets damaged bytes too
    with_list_info_chunk(wav_bytes(), MARKER),
    id3v2(MARKER) + MP3_FRAMES + id3v1(MARKER),
]


def magic_prefixed_noise() -> st.SearchStrategy[bytes]:
    return st.builds(bytes.__add__, st.sampled_from(PREFIXES), st.binary(max_size=2048))


@st.composite
def damaged_valid_files(draw: st.DrawFn) -> bytes:
    # Real files, truncated and with a few bytes flipped, get past sniffing into the parsers.
    data = bytearray(draw(st.sampled_from(VALID_FILES)))
    del data[draw(st.integers(1, len(data))) :]
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    data=st.one_of(magic_prefixed_noise(), damaged_valid_files()),
    filename=st.sampled_from(["", "a.jpg", "a.png", "a.pdf", "a.txt", "a.wav", "a.bin"]),
)
def test_it_only_ever_raises_rejected_file(data, filename):
    try:
        cleaned = sanitize(data, filename, max_pixels=1_000_000)
    except RejectedFile:
        return  # any other exception fails the test
    assert cleaned.clean_bytes
