import re

import pytest

from core import references


def test_a_new_reference_has_eight_characters_of_the_alphabet():
    for _ in range(200):
        assert re.fullmatch("[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}", references.new_reference())


def test_the_alphabet_has_no_lookalikes():
    assert not set("01ILOU") & set(references.ALPHABET)


def test_references_are_random_not_counted():
    drawn = {references.new_reference() for _ in range(1000)}
    assert len(drawn) == 1000


def test_it_is_shown_grouped():
    assert references.grouped("K7QM2XHD") == "K7QM-2XHD"


@pytest.mark.parametrize(
    "typed",
    ["K7QM-2XHD", "k7qm-2xhd", "K7QM2XHD", "k7qm 2xhd", " K7QM – 2XHD ", "Ｋ７ＱＭ－２ＸＨＤ"],
)
def test_it_accepts_what_people_type(typed):
    assert references.normalize(typed) == "K7QM2XHD"


@pytest.mark.parametrize(
    "typed", ["", None, 12345678, "K7QM-2XH", "K7QM-2XHDD", "K7QM-2XH0", "K7QM-2XHI", "x" * 500]
)
def test_it_refuses_what_cannot_be_a_reference(typed):
    assert references.normalize(typed) is None
