from django.urls import path

from accounts.views import audit_trail, auth, enrol, home, sudo, tokens

app_name = "accounts"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/otp/", auth.otp_view, name="otp"),
    path("logout/", auth.logout_view, name="logout"),
    path("enrol/<str:token>/", enrol.enrol_view, name="enrol"),
    path("sudo/", sudo.sudo_view, name="sudo"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("tokens/service-accounts/", tokens.service_account_create, name="service_account_create"),
    path("audit/", audit_trail.event_list, name="audit_trail"),
]
