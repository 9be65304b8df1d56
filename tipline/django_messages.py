"""Django's own validation messages that our zh-Hans catalogue words better than Django's does
("输入一个有效的 Email 地址" reads as a translation; "确保该变量…" calls an answer a variable).

Nothing imports this module: it exists so that `makemessages` keeps these msgids in our
catalogue, which LOCALE_PATHS puts before Django's. The texts must stay exactly Django's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # A form label's suffix: Django's zh-Hans keeps the ASCII colon after Chinese labels.
    gettext_noop(":"),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a whole number."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
