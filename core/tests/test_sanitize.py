"""core.sanitize: every fixture is built here, so no binary files live in the repository."""

import io
import os
import struct
import wave
import zipfile
import zlib

import mutagen
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from core import sanitize as sanitize_module
from core.sanitize import RejectedFile, SanitizedFile, sanitize, strip_mp3_tags

MARKER = "Jane Tipster 52.5200N"


def rejection(data: bytes, filename: str, **limits: int) -> str:
    with pytest.raises(RejectedFile) as excinfo:
        sanitize(data, filename, **limits)
    assert excinfo.value.message  # always something a person can read
    return excinfo.value.code


# --- fixture builders ---------------------------------------------------------------------


def noisy_image(size: tuple[int, int] = (64, 32), mode: str = "RGB") -> Image.Image:
    # Random pixels make the entropy-coded data long, so truncation lands inside it.
    channels = len(mode)
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * channels))


def jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.ImageDescription] = MARKER
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSMapDatum] = "GPS " + MARKER
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    noisy_image((40, 20)).save(
        out,
        "JPEG",
        exif=exif,
        icc_profile=icc,
        comment=MARKER.encode(),
        xmp=f"<x:xmpmeta>{MARKER}</x:xmpmeta>".encode(),
    )
    return out.getvalue()


def png_bytes(image: Image.Image, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **params)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes claiming to be a width x height RGB image."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    body = png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + header + body + png_chunk(b"IEND", b"")


def pdf_with_metadata_and_scripts() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = MARKER
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [MARKER]
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["boot", pdf.make_indirect(script)])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array()),
    )
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=script)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)  # so MARKER is plainly visible in the input
    return out.getvalue()


def pdf_with_pages(count: int, **save_options: object) -> bytes:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, **save_options)
    return out.getvalue()


def wav_bytes(frames: bytes = b"\x01\x00\xff\x7f" * 400) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(8000)
        target.writeframes(frames)
    return out.getvalue()


def with_list_info_chunk(wav: bytes, text: str) -> bytes:
    value = text.encode() + b"\0"
    value += b"\0" * (len(value) % 2)  # RIFF chunks are padded to even length
    info = b"INFO" + b"IART" + struct.pack("<I", len(value)) + value
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    body = wav[12:36] + chunk + wav[36:]  # after the 24-byte fmt chunk, before data
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WAVE" + body


# MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: each frame is 417 bytes including its header.
MP3_FRAMES = (b"\xff\xfb\x90\x00" + b"\0" * 413) * 6


def id3v2(text: str, *, footer: bool = False) -> bytes:
    body = b"TPE1" + struct.pack(">I", len(text) + 1) + b"\0\0" + b"\0" + text.encode()
    body += b"\0" * 64  # padding, as real taggers leave room to grow
    size = bytes((len(body) >> shift) & 0x7F for shift in (21, 14, 7, 0))  # syncsafe
    flags = b"\x10" if footer else b"\0"
    return b"ID3\x04\x00" + flags + size + body + (b"3DI\x04\x00\x10" + size if footer else b"")


def id3v1(text: str) -> bytes:
    return b"TAG" + text.encode().ljust(125, b"\0")


def ape_tag(text: str) -> bytes:
    item = struct.pack("<II", len(text), 0) + b"Artist\0" + text.encode()
    footer = b"APETAGEX" + struct.pack("<IIII", 2000, len(item) + 32, 1, 0) + b"\0" * 8
    return item + footer


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
    for code in ("too_large", "type_not_allowed", "corrupt", "bomb", "disguised", "empty"):
        assert RejectedFile(code).message
        assert RejectedFile(code).code == code


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


# --- PDF ----------------------------------------------------------------------------------


def test_it_strips_pdf_metadata_and_scripts():
    original = pdf_with_metadata_and_scripts()
    assert MARKER.encode() in original

    cleaned = sanitize(original, "contract.pdf")

    assert (cleaned.kind, cleaned.mime, cleaned.extension) == ("pdf", "application/pdf", ".pdf")
    assert MARKER.encode() not in cleaned.clean_bytes
    with pikepdf.open(io.BytesIO(cleaned.clean_bytes)) as pdf:
        assert "/Info" not in pdf.trailer
        assert not {"/Metadata", "/OpenAction", "/AA"} & set(pdf.Root.keys())
        assert not {"/JavaScript", "/EmbeddedFiles"} & set(pdf.Root.get("/Names", {}).keys())
        assert "/AA" not in pdf.pages[0].obj
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert MARKER.encode() not in obj.read_bytes()  # not just hidden by compression
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                assert "/JS" not in obj


def test_it_neutralises_scripts_in_annotations_and_action_chains():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    goto = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([0]), Next=script)
    pdf.pages[0].obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pdf.make_indirect(pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=script)),
                pdf.make_indirect(pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=goto)),
                pdf.make_indirect(script),
            ]
        )
    )
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)

    cleaned = sanitize(out.getvalue(), "a.pdf")

    assert b"app.alert" not in cleaned.clean_bytes
    with pikepdf.open(io.BytesIO(cleaned.clean_bytes)) as result:
        first, second, _ = result.pages[0].obj.Annots
        assert "/A" not in first
        assert second.A.S == "/GoTo"  # harmless navigation is kept
        assert "/Next" not in second.A


def test_it_gives_the_clean_pdf_a_new_identifier():
    # The original /ID would match the copy on the tipster's own computer.
    original = pdf_with_pages(1)
    with pikepdf.open(io.BytesIO(original)) as pdf:
        original_id = bytes(pdf.trailer.ID[0])
    with pikepdf.open(io.BytesIO(sanitize(original, "a.pdf").clean_bytes)) as pdf:
        assert original_id not in (bytes(pdf.trailer.ID[0]), bytes(pdf.trailer.ID[1]))


def test_it_rejects_pdfs_with_absurd_page_counts(monkeypatch):
    monkeypatch.setattr(sanitize_module, "MAX_PDF_PAGES", 3)
    assert sanitize(pdf_with_pages(3), "a.pdf").kind == "pdf"
    assert rejection(pdf_with_pages(4), "a.pdf") == "bomb"


def test_it_rejects_unreadable_pdfs_as_corrupt():
    assert rejection(b"%PDF-1.7\n" + os.urandom(200), "a.pdf") == "corrupt"


def test_it_rejects_password_protected_pdfs_as_corrupt():
    data = pdf_with_pages(1, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    with pytest.raises(RejectedFile, match="password") as excinfo:
        sanitize(data, "a.pdf")
    assert excinfo.value.code == "corrupt"


# --- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_it_returns_text_as_utf8(encoding):
    text = "举报：仓库夜间有人非法倾倒废料。\nReported at the north gate.\n"
    cleaned = sanitize(text.encode(encoding), "tip.txt")
    assert cleaned == SanitizedFile(
        "text", "text/plain", "text/plain; charset=utf-8", text.encode("utf-8"), ".txt"
    )


def test_it_rejects_text_that_is_only_a_byte_order_mark_as_empty():
    assert rejection(b"\xef\xbb\xbf", "a.txt") == "empty"


def test_it_rejects_text_in_other_encodings_as_corrupt():
    assert rejection("café au lait, s'il vous plaît\n".encode("latin-1"), "a.txt") == "corrupt"


# --- audio --------------------------------------------------------------------------------


def test_it_drops_list_info_chunks_from_wav():
    frames = b"\x01\x00\xff\x7f" * 400
    original = with_list_info_chunk(wav_bytes(frames), MARKER)
    assert MARKER.encode() in original

    cleaned = sanitize(original, "voicemail.wav")

    assert (cleaned.kind, cleaned.clean_mime, cleaned.extension) == ("audio", "audio/wav", ".wav")
    assert MARKER.encode() not in cleaned.clean_bytes
    assert b"LIST" not in cleaned.clean_bytes
    with wave.open(io.BytesIO(cleaned.clean_bytes)) as clean:
        assert clean.readframes(clean.getnframes()) == frames


def test_it_rejects_a_broken_wav_as_corrupt():
    assert rejection(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00garbage", "a.wav") == "corrupt"


def test_it_strips_id3_tags_from_mp3():
    original = id3v2(MARKER) + MP3_FRAMES + id3v1(MARKER)

    cleaned = sanitize(original, "call.mp3")

    assert cleaned == SanitizedFile("audio", "audio/mpeg", "audio/mpeg", MP3_FRAMES, ".mp3")


def test_it_strips_stacked_appended_and_ape_tags_from_mp3():
    tagged = id3v2("a") + id3v2("b") + MP3_FRAMES + ape_tag(MARKER) + id3v1(MARKER)
    assert strip_mp3_tags(tagged) == MP3_FRAMES
    assert strip_mp3_tags(MP3_FRAMES + id3v2(MARKER, footer=True)) == MP3_FRAMES


def test_it_rejects_an_mp3_with_no_audio_after_its_tags():
    with pytest.raises(RejectedFile) as excinfo:
        strip_mp3_tags(id3v2(MARKER) + b"not audio")
    assert excinfo.value.code == "corrupt"


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        crc &= 0xFFFFFFFF
    return crc


def _ogg_page(packet: bytes, seq: int, granule: int, flags: int) -> bytes:
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    head = struct.pack("<4sBBqIIIB", b"OggS", 0, flags, granule, 7, seq, 0, len(lacing))
    raw = head + bytes(lacing) + packet
    return raw[:22] + struct.pack("<I", _ogg_crc(raw)) + raw[26:]


def opus_with_tags(**tags: str) -> bytes:
    """A minimal Ogg Opus stream: identification header, comment header, one audio packet."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    comments = [f"{key}={value}".encode() for key, value in tags.items()]
    tags_packet = (
        b"OpusTags"
        + struct.pack("<I", 4)
        + b"test"
        + struct.pack("<I", len(comments))
        + b"".join(struct.pack("<I", len(c)) + c for c in comments)
    )
    return (
        _ogg_page(head, 0, 0, 2)
        + _ogg_page(tags_packet, 1, 0, 0)
        + _ogg_page(b"\xfc\xff\xfe", 2, 960, 4)
    )


def test_it_strips_ogg_comments():
    data = opus_with_tags(ENCODER=MARKER, LOCATION="31.2304,121.4737")
    cleaned = sanitize(data, "voice.ogg")
    assert (cleaned.kind, cleaned.clean_mime, cleaned.extension) == ("audio", "audio/ogg", ".ogg")
    assert MARKER.encode() not in cleaned.clean_bytes
    assert b"31.2304" not in cleaned.clean_bytes
    assert not mutagen.File(io.BytesIO(cleaned.clean_bytes)).tags


def test_a_broken_ogg_is_corrupt():
    packet = b"OpusHead\x01\x01" + b"\0" * 9
    page = b"OggS\x00\x02" + b"\0" * 8 + b"\x01\0\0\0" + b"\0" * 8 + bytes([1, len(packet)])
    with pytest.raises(RejectedFile) as excinfo:
        sanitize(page + packet, "voice.ogg")
    assert excinfo.value.code == "corrupt"


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
