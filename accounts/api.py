"""Staff API: who a token acts as, so an agency system can check its token works."""

from ninja import Router, Schema

from accounts import permissions
from accounts.api_auth import StaffTokenAuth

router = Router(tags=["staff"], auth=StaffTokenAuth())


class WhoAmIOut(Schema):
    username: str
    unit: int | None
    roles: list[str]


@router.get("/staff/whoami", response=WhoAmIOut)
def whoami(request):
    user = request.user
    return {
        "username": user.get_username(),
        "unit": user.unit_id,
        "roles": sorted(permissions.roles(user)),
    }
