"""The rewards tests read messages in English: actions run with English active, and the test
client asks for English pages unless a test sends its own Accept-Language."""

import pytest
from django.test import Client
from django.utils import translation

from .helpers import offer


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def offered(analyst_a, reward_officer_a):
    """A share offered to its reporter and the report: (share, report)."""
    share, report, _ = offer(analyst_a, reward_officer_a)
    return share, report


@pytest.fixture
def offered_by_receipt(analyst_a, reward_officer_a):
    """A share offered to a reporter who holds a receipt: (share, receipt)."""
    share, _, receipt = offer(analyst_a, reward_officer_a, receipt=True)
    return share, receipt
