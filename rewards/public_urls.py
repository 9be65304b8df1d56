"""Public URLs of rewards: the explanation page, the reporter's follow-up pages, and checking a
certificate."""

from django.urls import path

from rewards.views import certificates, followup, protection

urlpatterns = [
    path("rewards/", followup.how_it_works, name="rewards_how"),
    path("followup/rewards/", followup.followup_rewards, name="rewards_followup"),
    path("followup/rewards/<uuid:share_id>/claim/", followup.followup_claim, name="rewards_claim"),
    path(
        "followup/rewards/<uuid:share_id>/certificate/",
        certificates.followup_certificate,
        name="rewards_certificate",
    ),
    path("followup/protection/", protection.followup_protection, name="rewards_protection"),
    path("verify/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
]
