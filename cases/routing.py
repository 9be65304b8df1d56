"""Which unit a report goes to. Never nowhere: the national HQ catches what nothing else does."""

from django.db.models import Q

from accounts.models import Region, Unit
from cases.models import RoutingRule


def region_chain(region_code: str | None) -> list[str]:
    """The region and its ancestors, nearest first (a city, then its province)."""
    chain: list[str] = []
    code = region_code
    while code and code not in chain:
        chain.append(code)
        code = Region.objects.filter(code=code).values_list("parent_id", flat=True).first()
    return chain


def _rule_rank(rule: RoutingRule, chain: list[str]) -> tuple[int, int, int, int]:
    # category+region beats region alone beats category alone; a nearer region beats a farther.
    if rule.category_id and rule.region_id:
        kind = 0
    elif rule.region_id:
        kind = 1
    else:
        kind = 2
    depth = chain.index(rule.region_id) if rule.region_id else len(chain)
    return kind, depth, rule.position, rule.id


def matching_rule(category_id: int, chain: list[str]) -> RoutingRule | None:
    rules = RoutingRule.objects.filter(
        Q(category_id=category_id) | Q(category__isnull=True),
        Q(region_id__in=chain) | Q(region__isnull=True),
        active=True,
    ).select_related("unit")
    return min(rules, key=lambda rule: _rule_rank(rule, chain), default=None)


def unit_for_region(chain: list[str]) -> Unit | None:
    """The unit bound to the nearest region of the chain (the deepest unit if several are)."""
    bound = list(Unit.objects.filter(regions__code__in=chain).values_list("id", "path", "regions"))
    if not bound:
        return None
    unit_id, _path, _code = min(bound, key=lambda row: (chain.index(row[2]), -len(row[1])))
    return Unit.objects.get(pk=unit_id)


def route(report) -> Unit | None:
    chain = region_chain(report.region_id)
    rule = matching_rule(report.category_id, chain)
    if rule is not None:
        return rule.unit
    return unit_for_region(chain) or Unit.objects.national().order_by("id").first()
