from django.urls import path

from intake import views

urlpatterns = [
    path("", views.home, name="home"),
]
