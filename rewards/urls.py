from django.urls import path

from rewards.views import console, protection, stats

app_name = "rewards"

urlpatterns = [
    path("", console.award_list, name="list"),
    path("statistics/", stats.statistics, name="statistics"),
    path("statistics.csv", stats.statistics_csv, name="statistics_csv"),
    path("protection/", protection.protection_list, name="protection"),
    path("protection/<uuid:pk>/", protection.protection_detail, name="protection_detail"),
    path(
        "protection/<uuid:pk>/acknowledge/",
        protection.protection_acknowledge,
        name="protection_acknowledge",
    ),
    path("protection/<uuid:pk>/measure/", protection.protection_measure, name="protection_measure"),
    path("propose/<str:number>/", console.propose, name="propose"),
    path("<uuid:award_id>/", console.award_detail, name="detail"),
    path("<uuid:award_id>/decide/", console.award_decide, name="decide"),
    path("shares/<uuid:share_id>/pay/", console.share_pay, name="pay"),
    path("shares/<uuid:share_id>/payee/", console.share_payee, name="payee"),
]
