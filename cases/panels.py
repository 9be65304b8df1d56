"""What apps above cases add to the console pages of cases, registered in their AppConfig.ready
since cases may not import them (rewards adds its protection requests and awards).

CASE_PANELS: callables (request, case, reports) -> HTML for the case's page; the case was found
through cases.access, so whoever sees the page may see the panel; the callable hides what a
role may not see. CUSTODY_LINKS: (URL name, label) of other custody queues, for custodians."""

CASE_PANELS: list = []
CUSTODY_LINKS: list[tuple[str, object]] = []
