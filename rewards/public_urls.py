"""Public URLs of rewards: the explanation page and the reporter's follow-up pages."""

from django.urls import path

from rewards.views import followup

urlpatterns = [
    path("rewards/", followup.how_it_works, name="rewards_how"),
    path("followup/rewards/", followup.followup_rewards, name="rewards_followup"),
    path("followup/rewards/<uuid:share_id>/claim/", followup.followup_claim, name="rewards_claim"),
]
