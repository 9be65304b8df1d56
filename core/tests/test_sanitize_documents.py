"""core.sanitize on PDFs and plain text."""

import io
import os

import pikepdf
import pytest

from core import sanitize_pdf
from core.sanitize import RejectedFile, SanitizedFile, sanitize
from core.tests.sanitize_samples import (
    MARKER,
    pdf_with_metadata_and_scripts,
    pdf_with_pages,
    rejection,
)

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
    monkeypatch.setattr(sanitize_pdf, "MAX_PDF_PAGES", 3)
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
