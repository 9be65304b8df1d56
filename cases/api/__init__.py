"""Staff API (mounted at /api/v1/staff), one module per resource: the triage queue, reports
(reading and triage), cases (reading, status, messages).

A token acts as exactly its user: the same role checks (403) and unit scoping (404) as the
console, through the same lookups (cases/access.py), audited reads and actions."""

from ninja import Router

from cases.api import cases, queue, reports

router = Router()
for resource in (queue.router, reports.router, cases.router):
    router.add_router("", resource)
