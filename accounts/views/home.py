from django.shortcuts import render

from accounts.decorators import staff_required
from accounts.models import Role


@staff_required
def home(request):
    labels = dict(Role.choices)
    roles = [labels[role] for role in sorted(request.user.role_set()) if role in labels]
    return render(request, "accounts/home.html", {"roles": roles})
