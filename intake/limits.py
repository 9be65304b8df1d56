"""Every length limit of intake, defined once: forms, the API, channels and staff replies use
these, so a text one surface accepts is never refused (or cut) by another."""

SHORT_TEXT_MAX = 500  # a short-text answer
LONG_TEXT_MAX = 20_000  # a long-text answer, a voicemail transcript, the hotline's call notes
CONTACT_MAX = 500  # each contact detail (name, phone, e-mail, address, organisation...)
MESSAGE_MAX = 20_000  # a message in a report's mailbox, from the reporter or the agency
CALL_REFERENCE_MAX = 200  # a telephony system's call reference
FILE_NAME_MAX = 200  # a file name as given (sealed with the report)
