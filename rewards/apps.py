from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = "Commendation and rewards"

    def ready(self) -> None:
        # cases (below us) may not import rewards: it asks the holds we register here.
        from django.utils.translation import gettext_lazy as _

        from cases.actions import retention
        from intake import followup
        from rewards.retention import reports_held_for_awards

        if reports_held_for_awards not in retention.HOLDS:
            retention.HOLDS.append(reports_held_for_awards)
        for link in (
            ("rewards_followup", _("Commendation and rewards")),
            ("rewards_protection", _("Ask for protection or report retaliation")),
        ):
            if link[0] not in [name for name, _label in followup.FOLLOWUP_LINKS]:
                followup.FOLLOWUP_LINKS.append(link)
