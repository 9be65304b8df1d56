"""What one report adds to the daily figures: its dimensions and its counts.

A report is counted under the day it arrived (local time), so "reports of week 12" and "their time
to acknowledge" describe the same reports, and under the unit, channel, category, province and
campaign it has now. `contribution()` is a pure function of a report's state (and of `now`, for
deadlines that passed unmet); the roll-up is the sum of contributions, kept up to date by
applying the difference between what a report contributed last time and what it contributes now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from insights.buckets import BUCKETS, bucket_of

TRIAGE_STATES = ("accepted", "duplicate", "spam", "false")
OUTCOMES = ("substantiated", "unsubstantiated", "false", "malicious", "out_of_scope")
HISTOGRAMS = ("ack", "triage", "feedback")
COUNTS = (
    "received",
    "acknowledged",
    "ack_met",
    "ack_missed",
    "triaged",
    "feedback",
    "feedback_met",
    "feedback_missed",
    *(f"triage_{state}" for state in TRIAGE_STATES),
    *(f"outcome_{outcome}" for outcome in OUTCOMES),
    "flooded",
    "protection_requests",
    "rewards_granted",
    "commendations_granted",
)
MEASURES = COUNTS + tuple(f"{name}_h{i}" for name in HISTOGRAMS for i in range(BUCKETS))
DIMENSIONS = ("day", "unit_id", "channel", "category_id", "province", "campaign_id")
# Feedback is owed on reports awaiting triage or accepted (as in intake.models.missed_deadlines).
FEEDBACK_OWED = ("new", "accepted")


@dataclass(frozen=True)
class ReportState:
    """The clear columns of a report (and counts of rows about it) that the figures read."""

    created_at: datetime
    day: date
    unit_id: int  # 0: not routed yet
    channel: str
    category_id: int
    province: str  # "": no region given
    campaign_id: int  # 0: no campaign
    triage_state: str = "new"
    acknowledged_at: datetime | None = None
    ack_due_at: datetime | None = None
    triaged_at: datetime | None = None
    feedback_at: datetime | None = None
    feedback_due_at: datetime | None = None
    outcome: str = ""
    flooded: bool = False
    protection_requests: int = 0
    rewards_granted: int = 0
    commendations_granted: int = 0

    @property
    def key(self) -> tuple:
        return tuple(getattr(self, name) for name in DIMENSIONS)


def _deadline(done: datetime | None, due: datetime | None, owed: bool, now: datetime) -> str:
    """ "met", "missed" or "" (not due yet, or not assessed: no deadline stamped yet)."""
    if due is None:
        return ""
    if done is not None:
        return "met" if done <= due else "missed"
    return "missed" if owed and due < now else ""


def contribution(state: ReportState, now: datetime) -> dict[str, int]:
    """The non-zero counts one report adds to its row of the daily figures."""
    counts = {"received": 1}
    for name, at in (
        ("ack", state.acknowledged_at),
        ("triage", state.triaged_at),
        ("feedback", state.feedback_at),
    ):
        if at is not None:
            counts[{"ack": "acknowledged", "triage": "triaged"}.get(name, name)] = 1
            counts[f"{name}_h{bucket_of(at - state.created_at)}"] = 1
    ack = _deadline(state.acknowledged_at, state.ack_due_at, state.triage_state != "spam", now)
    if ack:
        counts[f"ack_{ack}"] = 1
    owed = state.triage_state in FEEDBACK_OWED
    feedback = _deadline(state.feedback_at, state.feedback_due_at, owed, now)
    if feedback:
        counts[f"feedback_{feedback}"] = 1
    if state.triage_state in TRIAGE_STATES:
        counts[f"triage_{state.triage_state}"] = 1
    if state.outcome in OUTCOMES:
        counts[f"outcome_{state.outcome}"] = 1
    for name in ("protection_requests", "rewards_granted", "commendations_granted"):
        if getattr(state, name):
            counts[name] = getattr(state, name)
    if state.flooded:
        counts["flooded"] = 1
    return counts
