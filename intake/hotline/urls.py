"""The hotline console under /staff/hotline/. No URL carries a report id or a receipt: the
call-taker's session says which report the current call is about."""

from django.urls import path

from intake.hotline import followup as hotline_followup
from intake.hotline import views as hotline

app_name = "hotline"

urlpatterns = [
    path("", hotline.start, name="start"),
    path("new/", hotline.pick, name="pick"),
    path("new/<slug:slug>/", hotline.new_call, name="new"),
    path("call/", hotline.current_call, name="call"),
    path("call/code/", hotline.code_confirmed, name="code_confirmed"),
    path("call/confirm/", hotline.confirm_record, name="confirm_record"),
    path("call/correction/", hotline.correction, name="correction"),
    path("end/", hotline.end, name="end"),
    path("followup/", hotline_followup.followup, name="followup"),
    path("followup/call/", hotline_followup.followup_call, name="followup_call"),
    path("followup/call/relay/", hotline_followup.followup_relay, name="followup_relay"),
]
