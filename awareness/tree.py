"""The page tree's fixed part: a root, one guide home per language, and the site they serve.

Wagtail's migrations make a root, a "Welcome" page and a site for it; a flushed test database
has none of them. ensure_tree (run after every migrate, awareness/groups.py) makes what is
missing and points the site at the zh-Hans guide home, whose translations the other languages
are served from (/guide/ in the visitor's language).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_supported_language_variant

from awareness.audit import setting_up

HOME_TITLES = {"zh-hans": "举报须知", "en": "Guides"}


def _locales() -> dict:
    from wagtail.models import Locale

    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def _home(root, locale):
    from awareness.models import GuideIndexPage

    home = GuideIndexPage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        title = HOME_TITLES.get(locale.language_code, "Guides")
        home = root.add_child(instance=GuideIndexPage(title=title, slug="guide", locale=locale))
        # Structure, not content: the empty home of the guides goes live as it is made.
        home.save_revision().publish()
    return home


def _translation(home, locale):
    existing = home.get_translations().filter(locale=locale).first()
    if existing is not None:
        return existing
    copy = home.copy_for_translation(locale)
    copy.title = HOME_TITLES.get(locale.language_code, home.title)
    copy.save_revision().publish()
    return copy


def _point_site_at(home) -> None:
    from wagtail.models import Site

    address = urlsplit(settings.SITE_URL) if settings.SITE_URL else None
    hostname = (address.hostname if address else None) or "localhost"
    default_port = 443 if address and address.scheme == "https" else 80
    port = (address.port if address else None) or default_port
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Tipline"
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page, site.hostname, site.port = home, hostname, port
        site.save()


def ensure_tree():
    """Make the fixed part of the tree if missing; returns the root page."""
    with setting_up():
        return _ensure_tree()


def _ensure_tree():
    from wagtail.models import Page

    locales = _locales()
    default = locales[get_supported_language_variant(settings.LANGUAGE_CODE)]
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=default))
    home = _home(root, default)
    _point_site_at(home)
    # Wagtail's stock welcome page (a bare Page that nothing else uses).
    bare = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=bare, numchild=0):
        page.delete()
    for locale in locales.values():
        if locale.pk != default.pk:
            _translation(home, locale)
    return Page.get_first_root_node()
