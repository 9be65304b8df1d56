"""Admin for campaigns: administrators create them (each change audited like every admin
change, through AuditedAdminMixin) and download each one's poster in zh-Hans or English.
Registered with the admin by intake/admin.py, which imports this module."""

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.admin import AuditedAdminMixin
from intake.guides import campaign_guide
from intake.models import Campaign
from intake.partners.poster import LANGUAGES, campaign_url, render_poster

POSTER_LABELS = {"zh-hans": "中文", "en": "English"}


@admin.register(Campaign)
class CampaignAdmin(AuditedAdminMixin):
    list_display = ("tag", "name_zh", "name_en", "partner", "active", "created_at", "posters")
    list_filter = ("active", "partner")
    list_select_related = ("partner",)
    search_fields = ("tag", "name_zh", "name_en")
    fields = ("tag", "name_zh", "name_en", "partner", "active", "posters", "guide_page")
    readonly_fields = ("posters", "guide_page")

    def get_readonly_fields(self, request, obj=None):
        # The tag is printed on posters and carried by reports: once made, it never changes.
        return ("tag", *self.readonly_fields) if obj is not None else self.readonly_fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False  # reports point to it: deactivate a campaign instead

    @admin.display(description=_("Poster (PDF)"))
    def posters(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        links = [
            (reverse("admin:intake_campaign_poster", args=[obj.pk, lang]), POSTER_LABELS[lang])
            for lang in LANGUAGES
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description=_("Campaign page"))
    def guide_page(self, obj):
        """The live page editors made for this campaign in the CMS, in the admin's language."""
        guide = campaign_guide(obj.tag) if obj is not None and obj.pk else None
        if guide is None:
            return _("None live: editors link a campaign page to this campaign in the CMS.")
        return format_html('<a href="{}">{}</a>', guide.url, guide.title)

    def get_urls(self):
        poster = self.admin_site.admin_view(self.poster_view)
        return [
            path("<int:pk>/poster/<str:language>/", poster, name="intake_campaign_poster"),
            *super().get_urls(),
        ]

    def poster_view(self, request, pk: int, language: str):
        campaign = Campaign.objects.filter(pk=pk).first()
        if campaign is None or language not in LANGUAGES:
            raise Http404
        if not self.has_view_permission(request, campaign):
            raise Http404
        pdf = render_poster(campaign, url=campaign_url(request, campaign), language=language)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"poster-{campaign.tag}-{language}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'  # a slug: safe
        return response
