from django.urls import path

from insights.views.transparency import transparency

urlpatterns = [path("transparency/", transparency, name="transparency")]
