from django.urls import path

from intake.letters import views as letters

# Staff only: mounted under /staff/letters/ (see tipline/urls.py).
app_name = "letters"

urlpatterns = [
    path("", letters.start, name="start"),
    path("new/<slug:channel>/<slug:slug>/", letters.new, name="new"),
]
