"""core.sanitize on PDFs: images re-encoded from pixels, XFA and link actions gone (issue 8)."""

import io
import zlib

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from core import sanitize_pdf
from core.sanitize import PixelBudget, sanitize
from core.tests.sanitize_samples import (
    GPS_DATUM,
    GPS_LATITUDE,
    MARKER,
    SERIAL,
    TRACKER_URL,
    XFA_MARKER,
    add_image_page,
    camera_jpeg,
    fax_g4,
    gradient_image,
    hostile_pdf,
    pdf_with_images,
    rejection,
    save_plain,
)

JPEG = {"Filter": pikepdf.Name.DCTDecode}
LEAKS = [SERIAL.encode(), GPS_DATUM.encode(), b"Exif\0\0", GPS_LATITUDE]


def clean_pdf(data: bytes, **options) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(sanitize(data, "scan.pdf", **options).clean_bytes))


def every_stream_bytes(pdf: pikepdf.Pdf) -> bytes:
    """The whole file as a viewer would see it: raw and decoded, images' JPEGs included."""
    parts = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            parts.append(obj.read_raw_bytes())
            if obj.get("/Filter") != "/DCTDecode":
                parts.append(obj.read_bytes())
    return b"\n".join(parts)


def page_image(pdf: pikepdf.Pdf, name: str = "/Im0") -> Image.Image:
    return pikepdf.PdfImage(pdf.pages[0].Resources.XObject[name]).as_pil_image()


def difference(first: Image.Image, second: Image.Image) -> float:
    diff = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
    return max(ImageStat.Stat(diff).mean)


# --- the hostile file ---------------------------------------------------------------


def test_the_hostile_sample_carries_what_must_go():
    original = hostile_pdf()
    for leak in [*LEAKS, XFA_MARKER.encode(), TRACKER_URL.encode()]:
        assert leak in original


def test_it_removes_camera_serial_and_gps_from_jpegs_inside_pdfs():
    original = hostile_pdf()

    with clean_pdf(original) as pdf:
        everything = sanitize(original, "a.pdf").clean_bytes + every_stream_bytes(pdf)
        for leak in LEAKS:
            assert leak not in everything
        image_stream = pdf.pages[0].Resources.XObject.Im0
        assert image_stream.Filter == "/DCTDecode"  # still a JPEG, not inflated to raw pixels
        assert not Image.open(io.BytesIO(image_stream.read_raw_bytes())).getexif()


def test_the_page_image_still_renders_at_its_size():
    with clean_pdf(hostile_pdf()) as pdf:
        image = page_image(pdf)
    assert image.size == (96, 64)
    assert difference(image, gradient_image()) < 4  # the same picture, not a placeholder


def test_it_drops_xfa_and_link_actions():
    original = hostile_pdf()

    with clean_pdf(original) as pdf:
        everything = sanitize(original, "a.pdf").clean_bytes + every_stream_bytes(pdf)
        assert XFA_MARKER.encode() not in everything
        assert TRACKER_URL.encode() not in everything
        assert "/XFA" not in pdf.Root.AcroForm
        assert "/NeedsRendering" not in pdf.Root
        (link,) = pdf.pages[0].Annots
        assert link.Subtype == "/Link"  # the rectangle stays, dead
        assert "/A" not in link


@pytest.mark.parametrize(
    "action",
    [
        {"S": pikepdf.Name.URI, "URI": pikepdf.String(TRACKER_URL)},
        {"S": pikepdf.Name.Launch, "F": pikepdf.String("cmd.exe")},
        {"S": pikepdf.Name.GoToR, "F": pikepdf.String(TRACKER_URL), "D": pikepdf.Array([0])},
        {"S": pikepdf.Name.SubmitForm, "F": pikepdf.String(TRACKER_URL)},
        {"S": pikepdf.Name.ImportData, "F": pikepdf.String("\\\\host\\share\\x.fdf")},
        {"S": pikepdf.Name.JavaScript, "JS": pikepdf.String("app.alert(1)")},
    ],
    ids=["uri", "launch", "gotor", "submitform", "importdata", "javascript"],
)
def test_it_drops_actions_from_links_and_outline_entries(action):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    link = pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=pikepdf.Dictionary(**action))
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    entry = pdf.make_indirect(pikepdf.Dictionary(Title="1", A=pikepdf.Dictionary(**action)))
    pdf.Root.Outlines = pikepdf.Dictionary(First=entry, Last=entry, Count=1)
    shared = pdf.make_indirect(pikepdf.Dictionary(**action))  # the same action, indirect
    pdf.Root.Dests = pikepdf.Dictionary(shared=shared)

    with clean_pdf(save_plain(pdf)) as result:
        assert "/A" not in result.pages[0].Annots[0]
        assert "/A" not in result.Root.Outlines.First
        assert set(result.Root.Dests.shared.keys()) == set()
        for obj in result.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert not {"/URI", "/F", "/JS"} & set(obj.keys())


def test_it_removes_file_attachment_annotations():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    attachment = pikepdf.Dictionary(
        Subtype=pikepdf.Name.FileAttachment, FS=pikepdf.Dictionary(F=pikepdf.String(MARKER))
    )
    note = pikepdf.Dictionary(Subtype=pikepdf.Name.Text, Contents=pikepdf.String("note"))
    pdf.pages[0].Annots = pikepdf.Array([pdf.make_indirect(attachment), pdf.make_indirect(note)])

    with clean_pdf(save_plain(pdf)) as result:
        assert [a.Subtype for a in result.pages[0].Annots] == ["/Text"]


# --- every image, every encoding ------------------------------------------------------------


def test_it_reencodes_jpegs_drawn_inline_in_page_content():
    jpeg = camera_jpeg((32, 16))
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(
        b"q 32 0 0 16 0 0 cm BI /W 32 /H 16 /CS /RGB /BPC 8 /F /DCT ID " + jpeg + b" EI Q"
    )
    original = save_plain(pdf)
    assert SERIAL.encode() in original

    with clean_pdf(original) as result:
        assert SERIAL.encode() not in every_stream_bytes(result)
        (image,) = [pikepdf.PdfImage(i) for i in result.pages[0].Resources.XObject.values()]
        assert image.as_pil_image().size == (32, 16)


@pytest.mark.parametrize(
    ("samples", "keys"),
    [
        (bytes(range(96)) * 64, {"ColorSpace": pikepdf.Name.DeviceGray}),
        (
            bytes(i % 4 for i in range(96 * 64)),
            {
                "ColorSpace": pikepdf.Array(
                    [pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, 3, pikepdf.String(b"\0" * 12)]
                )
            },
        ),
        (b"\xaa" * (12 * 64), {"ImageMask": True, "BitsPerComponent": 1}),
        (bytes(range(256)) * (96 * 64 * 6 // 256), {"BitsPerComponent": 16}),
    ],
    ids=["gray", "indexed", "stencil-mask", "16-bit-rgb"],
)
def test_it_keeps_exactly_the_samples_of_raw_images_and_drops_what_follows(samples, keys):
    hidden = samples + MARKER.encode()  # bytes after the last row are invisible, not harmless
    keys = {**keys, "Filter": pikepdf.Name.FlateDecode}
    if keys.get("ImageMask"):
        keys["ColorSpace"] = None
    original = pdf_with_images((zlib.compress(hidden), (96, 64), keys))

    with clean_pdf(original) as result:
        stream = result.pages[0].Resources.XObject.Im0
        assert stream.read_bytes() == samples
        assert MARKER.encode() not in every_stream_bytes(result)


@pytest.mark.parametrize(
    "keys",
    [
        {"ColorSpace": pikepdf.Name.DeviceGray},
        {"ColorSpace": pikepdf.Name.DeviceGray, "Decode": pikepdf.Array([1, 0])},
        {"ImageMask": True, "ColorSpace": None},
    ],
    ids=["plain", "inverted", "stencil-mask"],
)
@pytest.mark.parametrize("black_is_1", [False, True])
def test_it_decodes_fax_coded_scans_and_keeps_how_they_look(keys, black_is_1):
    letter = Image.new("1", (96, 64), 1)
    ImageDraw.Draw(letter).rectangle((10, 10, 40, 30), fill=0)
    fax = fax_g4(letter) + MARKER.encode()  # the decoder stops at the end of the page
    params = pikepdf.Dictionary(K=-1, Columns=96, Rows=64, BlackIs1=black_is_1)
    keys = {**keys, "Filter": pikepdf.Name.CCITTFaxDecode, "DecodeParms": params}
    original = pdf_with_images((fax, (96, 64), {"BitsPerComponent": 1, **keys}))
    with pikepdf.open(io.BytesIO(original)) as pdf:
        before = page_image(pdf).tobytes()

    with clean_pdf(original) as result:
        assert result.pages[0].Resources.XObject.Im0.Filter == "/FlateDecode"
        assert page_image(result).tobytes() == before
        assert MARKER.encode() not in every_stream_bytes(result)


def test_it_replaces_images_it_cannot_decode_with_a_grey_pixel():
    # JBIG2 needs a decoder we do not ship; the rest of the document is kept.
    original = pdf_with_images(
        (b"\x97JB2" + MARKER.encode(), (96, 64), {"Filter": pikepdf.Name.JBIG2Decode}),
        (camera_jpeg(), (96, 64), JPEG),
    )

    with clean_pdf(original) as result:
        placeholder = page_image(result, "/Im0")
        assert (placeholder.size, placeholder.getpixel((0, 0))) == ((1, 1), 0xC8)
        assert page_image(result, "/Im1").size == (96, 64)
        assert MARKER.encode() not in every_stream_bytes(result)


def test_it_replaces_a_jpeg_larger_than_its_declared_size():
    # Only the declared pixels were charged to the budget; the JPEG must not decode more.
    original = pdf_with_images((camera_jpeg((96, 64)), (8, 8), JPEG))
    with clean_pdf(original) as result:
        assert page_image(result).size == (1, 1)


# --- bombs and budgets ------------------------------------------------------------------------


def test_it_refuses_a_deflate_bomb_posing_as_a_small_image():
    bomb = zlib.compress(b"\0" * (16 * 1024 * 1024), 9)  # 16 KB that inflate to 16 MB
    original = pdf_with_images((bomb, (10, 10), {"Filter": pikepdf.Name.FlateDecode}))
    assert rejection(original, "a.pdf") == "bomb"


def test_it_refuses_page_content_that_inflates_past_the_limit(monkeypatch):
    monkeypatch.setattr(sanitize_pdf, "MAX_CONTENT_BYTES", 1024)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(b"0 0 m 1 1 l S\n" * 100)
    assert rejection(save_plain(pdf), "a.pdf") == "bomb"


def test_it_refuses_a_pdf_image_past_the_per_image_cap():
    original = pdf_with_images((camera_jpeg(), (96, 64), JPEG))
    assert rejection(original, "a.pdf", max_pixels=96 * 64 - 1) == "bomb"
    assert sanitize(original, "a.pdf", max_pixels=96 * 64).kind == "pdf"


def test_it_charges_every_pdf_image_to_the_request_budget():
    two_images = [(camera_jpeg(), (96, 64), JPEG)] * 2
    original = pdf_with_images(*two_images)

    budget = PixelBudget(2 * 96 * 64)
    sanitize(original, "a.pdf", budget=budget)
    assert budget.used == 2 * 96 * 64

    assert rejection(original, "a.pdf", budget=PixelBudget(2 * 96 * 64 - 1)) == "too_many_pixels"


def test_it_reencodes_images_on_every_page():
    pdf = pikepdf.new()
    for _ in range(3):
        add_image_page(pdf, (camera_jpeg(), (96, 64), JPEG))
    with clean_pdf(save_plain(pdf)) as result:
        assert SERIAL.encode() not in every_stream_bytes(result)
        assert len(result.pages) == 3
