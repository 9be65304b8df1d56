"""Wagtail admin texts that editors meet in our two-person workflow and that Wagtail's own zh-Hans
catalogue leaves in English (they are newer than its translations).

Nothing imports this module: it exists so that `makemessages` keeps these msgids in our
catalogue, which LOCALE_PATHS puts before Wagtail's. The texts must stay exactly Wagtail's.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Go to the first error"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Saved"),
    gettext_noop("Search all pages…"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("The page could not be saved due to validation errors."),
]
