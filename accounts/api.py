"""Staff API: who a token acts as, so an agency system can check its token works."""

from ninja import Router, Schema

from accounts import permissions
from accounts.api_auth import StaffTokenAuth
from core.apierrors import errors

router = Router(tags=["staff"], auth=StaffTokenAuth())


class WhoAmIOut(Schema):
    username: str
    unit: int | None
    roles: list[str]


@router.get(
    "/staff/whoami",
    response={200: WhoAmIOut, **errors(400, 401, 503)},
    summary="Who this token acts as",
)
def whoami(request):
    user = request.user
    return {
        "username": user.get_username(),
        "unit": user.unit_id,
        "roles": sorted(permissions.roles(user)),
    }
