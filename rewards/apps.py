from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _add(registry: list, item) -> None:
    """Register once, whatever the number of times ready() runs (tests reload apps)."""
    key = item[0] if isinstance(item, tuple) else item
    if key not in [entry[0] if isinstance(entry, tuple) else entry for entry in registry]:
        registry.append(item)


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = _("Commendation and rewards")

    def ready(self) -> None:
        # The apps below us (cases, intake) may not import rewards: they call what we register.
        from cases import panels
        from cases.actions import retention
        from intake import followup
        from rewards.panels import case_panel
        from rewards.retention import erase_reporter_data, reports_held_for_awards

        _add(retention.HOLDS, reports_held_for_awards)
        _add(retention.ON_PURGE, erase_reporter_data)
        _add(panels.CASE_PANELS, case_panel)
        _add(panels.CUSTODY_LINKS, ("rewards:custody", _("Requests to open bank details")))
        _add(followup.FOLLOWUP_LINKS, ("rewards_followup", _("Commendation and rewards")))
        _add(
            followup.FOLLOWUP_LINKS,
            ("rewards_protection", _("Ask for protection or report retaliation")),
        )
        _add(
            followup.HOTLINE_FOLLOWUP_LINKS,
            ("rewards:hotline", _("Rewards and protection (claim, decline, ask for protection)")),
        )
