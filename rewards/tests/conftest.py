"""The rewards tests read messages in English: actions run with English active, and the test
client asks for English pages unless a test sends its own Accept-Language."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")
