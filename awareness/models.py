"""Public education pages (Wagtail). Each page exists in zh-Hans and en as translations of one
another (Wagtail's locales); the public site serves them with our own templates under /guide/.

Rich text offers headings, emphasis, lists and links only: no images, documents or embeds, so a
page can carry nothing that loads from another site or runs a script.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from awareness.workflow import TwoPersonApprovalTask  # noqa: F401 - a model Django must find

FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
TOPIC_TYPES = [
    "awareness.ArticlePage",
    "awareness.ReportGuidePage",
    "awareness.RightsPage",
    "awareness.LegalBasisPage",
    "awareness.RewardsGuidePage",
    "awareness.FaqPage",
    "awareness.CampaignPage",
]


class GuideIndexPage(Page):
    """The root of one language's guides: /guide/ lists its pages."""

    intro = RichTextField(_("introduction"), blank=True, features=FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = TOPIC_TYPES
    template = "awareness/guide_index.html"

    class Meta:
        verbose_name = _("guide home")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = self.get_children().live().specific().order_by("path")
        return context


class TopicPage(Page):
    """A page of text under the guide home: a summary shown in lists, then the body."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists of pages.")
    )
    body = RichTextField(_("body"), features=FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["awareness.GuideIndexPage"]
    subpage_types: list[str] = []
    template = "awareness/topic_page.html"

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return "awareness/topic_page.html"  # one layout for every kind of topic


class ArticlePage(TopicPage):
    class Meta:
        verbose_name = _("article")


class ReportGuidePage(TopicPage):
    """What to report for one category: linked from that category's report form."""

    category = models.ForeignKey(
        "intake.Category",
        verbose_name=_("report category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*TopicPage.content_panels, FieldPanel("category")]

    class Meta:
        verbose_name = _("what to report guide")


class RightsPage(TopicPage):
    class Meta:
        verbose_name = _("reporter rights and protections")


class LegalBasisPage(TopicPage):
    class Meta:
        verbose_name = _("legal basis")


class RewardsGuidePage(TopicPage):
    class Meta:
        verbose_name = _("how rewards work")


class CampaignPage(TopicPage):
    """A partner campaign's page: shown to whoever arrives by the campaign's short link /c/<tag>/
    (the campaign record, its poster and its figures live in intake)."""

    campaign = models.ForeignKey(
        "intake.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*TopicPage.content_panels, FieldPanel("campaign")]

    class Meta:
        verbose_name = _("campaign page")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=FEATURES)

    class Meta:
        label = _("Question and answer")


class FaqPage(Page):
    summary = models.TextField(_("summary"), blank=True)
    questions = StreamField([("question", QuestionBlock())], verbose_name=_("questions"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("questions")]
    parent_page_types = ["awareness.GuideIndexPage"]
    subpage_types: list[str] = []
    template = "awareness/faq_page.html"

    class Meta:
        verbose_name = _("frequently asked questions")


# The pages every public page may point to, in this order: the home page lists them.
GENERAL_TYPES = [RightsPage, RewardsGuidePage, LegalBasisPage, FaqPage]
