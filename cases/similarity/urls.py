from django.urls import path

from cases.similarity import rules_views, views

app_name = "similarity"

urlpatterns = [
    path("floods/<int:pk>/", views.flood_detail, name="flood"),
    path("floods/<int:pk>/accept/", views.flood_accept, name="flood_accept"),
    path("floods/<int:pk>/close/", views.flood_close, name="flood_close"),
    path("hint-rules/", rules_views.hint_rules, name="hint_rules"),
]
