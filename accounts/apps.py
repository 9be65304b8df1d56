from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.api_auth import forget_request_details

        request_started.connect(forget_request_details, dispatch_uid="accounts.token_context")
        request_finished.connect(forget_request_details, dispatch_uid="accounts.token_context_end")
