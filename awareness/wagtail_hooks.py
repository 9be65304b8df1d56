"""What awareness adds to Wagtail's admin: withdrawing a live page (awareness/withdraw.py),
offered where Wagtail would offer "Unpublish" to someone holding its publish permission, which
nobody here does (awareness/groups.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from accounts import permissions
from awareness.withdraw import WithdrawView

LABEL = _("Withdraw from the public site")


@hooks.register("register_admin_urls")
def withdraw_urls():
    return [
        path("withdraw/<int:page_id>/", WithdrawView.as_view(), name="awareness_withdraw"),
    ]


class WithdrawButton(PageMenuItem):
    label = LABEL
    icon_name = "download"
    url_name = "awareness_withdraw"

    def is_shown(self, user):
        return self.page.live and permissions.can_publish_content(user)


class WithdrawMenuItem(ActionMenuItem):
    label = LABEL
    name = "action-withdraw"
    icon_name = "download"

    def is_shown(self, context):
        page = context.get("page")
        user = context["request"].user
        return context["view"] == "edit" and page.live and permissions.can_publish_content(user)

    def get_url(self, context):
        return reverse("awareness_withdraw", args=(context["page"].pk,))


@hooks.register("register_page_header_buttons")
def withdraw_header_button(page, user, view_name=None, next_url=None):
    yield WithdrawButton(page=page, priority=60)


@hooks.register("register_page_listing_more_buttons")
def withdraw_listing_button(page, user, next_url=None):
    yield WithdrawButton(page=page, priority=40)


@hooks.register("register_page_action_menu_item")
def withdraw_menu_item():
    return WithdrawMenuItem(order=60)
