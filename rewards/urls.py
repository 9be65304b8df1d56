from django.urls import path

from rewards.views import console, custody, hotline, protection, stats

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
    path("shares/<uuid:share_id>/payee/", custody.share_payee, name="payee"),
    path("shares/<uuid:share_id>/payee/request/", custody.payee_request, name="payee_request"),
    path("custody/", custody.custody_list, name="custody"),
    path("custody/<int:pk>/decide/", custody.custody_decide, name="custody_decide"),
    path("hotline/", hotline.relay, name="hotline"),
    path("hotline/claim/<uuid:share_id>/", hotline.relay_claim, name="hotline_claim"),
    path("hotline/protection/", hotline.relay_protection, name="hotline_protection"),
]
