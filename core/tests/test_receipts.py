import hmac

import pytest

from core import receipts


def test_new_receipts_are_20_digits():
    codes = {receipts.new_receipt() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 20
        assert code.isascii()
        assert code.isdigit()


@pytest.mark.parametrize(
    "typed",
    [
        "12345678901234567890",
        "1234 5678 9012 3456 7890",
        "1234-5678-9012-3456-7890",
        " 1234\t5678\n9012 3456 7890 ",
        "１２３４５６７８９０１２３４５６７８９０",  # full-width digits from a Chinese IME
        "１２３４　５６７８－９０１２—３４５６ ７８９０",  # ideographic space, full-width dashes
    ],
)
def test_normalize_accepts_what_people_type(typed):
    assert receipts.normalize(typed) == "12345678901234567890"


@pytest.mark.parametrize(
    "typed",
    [
        None,
        "",
        "1234567890123456789",  # 19 digits
        "123456789012345678901",  # 21 digits
        "1234567890123456789a",
        "12345678901234567890\x00",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits are digits, but not ours
        "1234.5678.9012.3456.7890",
        "1" * 10_000,
        12345678901234567890,
    ],
)
def test_normalize_rejects_anything_else(typed):
    assert receipts.normalize(typed) is None


def test_only_a_keyed_hash_is_stored_never_the_code():
    code = receipts.new_receipt()
    digest = receipts.receipt_hash(code)
    assert len(digest) == 32
    assert code.encode() not in digest
    assert digest == receipts.receipt_hash(code)
    assert digest != receipts.receipt_hash(receipts.new_receipt())


def test_matches_is_true_only_for_the_same_code():
    code = receipts.new_receipt()
    stored = receipts.receipt_hash(code)
    assert receipts.matches(code, stored)
    assert receipts.matches(code, memoryview(stored))  # as the database hands it back
    other = f"{(int(code) + 1) % 10**20:020d}"
    assert not receipts.matches(other, stored)


def test_matches_compares_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(receipts.hmac, "compare_digest", spy)
    code = receipts.new_receipt()
    assert receipts.matches(code, receipts.receipt_hash(code))
    assert len(calls) == 1


def test_formatted_groups_digits_by_four():
    assert receipts.formatted("12345678901234567890") == "1234 5678 9012 3456 7890"


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("1234 5678", 8),
        ("１２３４－５６７８－９０", 10),
        ("12345678901234567890", 20),
        ("1234567890123456789012", 22),
        ("", None),
        ("1234 abcd", None),
        ("١٢٣", None),  # Arabic-Indic digits are digits to Python, not to a receipt
        ("9" * 300, None),
    ],
)
def test_digits_typed_counts_digits_and_refuses_anything_else(typed, digits):
    assert receipts.digits_typed(typed) == digits
