from django.urls import path

from cases.similarity import views

app_name = "similarity"

urlpatterns = [
    path("<int:pk>/", views.flood_detail, name="flood"),
    path("<int:pk>/accept/", views.flood_accept, name="flood_accept"),
    path("<int:pk>/close/", views.flood_close, name="flood_close"),
]
