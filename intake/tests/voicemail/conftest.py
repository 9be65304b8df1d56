import pytest

from intake.tests.voicemail.voicemail_calls import SECRET


@pytest.fixture(autouse=True)
def voicemail_secret(settings):
    """Every voicemail test calls the gateway with the shared secret it is configured with."""
    settings.VOICEMAIL_SECRET = SECRET
    return SECRET
