"""The hint rules, read-only, for auditors and administrators (edited in the Django admin)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts import permissions
from accounts.decorators import staff_required
from cases.similarity.models import HintRule


@staff_required
def hint_rules(request):
    if not (permissions.is_auditor(request.user) or permissions.is_admin(request.user)):
        raise PermissionDenied
    rules = HintRule.objects.select_related("category").order_by("category__slug", "priority")
    return render(request, "similarity/hint_rules.html", {"rules": rules})
