"""The CMS screen where a publisher withdraws a live page (awareness.actions.do_withdraw_page).

Offered to publishers only, from the page's header, the page listing and the editor's action
menu (awareness/wagtail_hooks.py); an editor who posts to it anyway gets 403."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from accounts import permissions
from awareness.actions import REASON_MAX, do_withdraw_page


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it withdrawn?"),
        help_text=gettext_lazy(
            "Recorded in the audit trail with your name. Other publishers will read it."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    translations = forms.BooleanField(
        label=gettext_lazy("Also withdraw this page in the other languages"),
        required=False,
        initial=True,
    )


class WithdrawView(WagtailAdminTemplateMixin, FormView):
    form_class = WithdrawForm
    template_name = "awareness/admin/withdraw.html"
    page_title = gettext_lazy("Withdraw from the public site")
    header_icon = "download"

    def dispatch(self, request, *args, page_id: int, **kwargs):
        if not permissions.can_publish_content(request.user):
            raise PermissionDenied
        self.page = get_object_or_404(Page.objects.live(), pk=page_id).specific
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        # The mixin's own trail is "Home" alone, which the slim header shows instead of the
        # title: the publisher would not see which page they are about to withdraw.
        edit = reverse("wagtailadmin_pages:edit", args=(self.page.pk,))
        return [
            *self.breadcrumbs_items,
            {"url": edit, "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["live_translations"] = self.page.get_translations().live().count()
        context["cancel_url"] = reverse("wagtailadmin_pages:edit", args=(self.page.pk,))
        return context

    def form_valid(self, form):
        withdrawn = do_withdraw_page(
            self.page,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            translations=form.cleaned_data["translations"],
        )
        # Chinese has one plural form, which names the count: "in 1 language" would read oddly.
        message = (
            gettext("“%(title)s” has been withdrawn from the public site.")
            if len(withdrawn) == 1
            else ngettext(
                "“%(title)s” is withdrawn from the public site.",
                "“%(title)s” is withdrawn from the public site, in %(count)d languages.",
                len(withdrawn),
            )
        )
        title = self.page.get_admin_display_title()
        messages.success(self.request, message % {"title": title, "count": len(withdrawn)})
        return redirect("wagtailadmin_explore", self.page.get_parent().pk)
