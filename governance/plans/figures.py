"""The "plans on time" figure (计划按期完成率): pure, no ORM.

A milestone is counted once it is due (its due date has passed by `today`) or once it is confirmed
(early work counts as soon as the center confirms it). It is on time when the center has confirmed
it and the work was reported done on or before its due date. The rate is on time / counted.
"""

from dataclasses import dataclass
from datetime import date

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class MilestoneFact:
    due_date: date
    status: str
    done_on: date | None = None


@dataclass(frozen=True)
class OnTime:
    counted: int
    on_time: int

    @property
    def late_or_open(self):
        return self.counted - self.on_time

    @property
    def percent(self):
        """On time as a percentage with one decimal, or None when nothing is due yet."""
        if not self.counted:
            return None
        return round(100 * self.on_time / self.counted, 1)


def is_counted(fact, today):
    return fact.status == CONFIRMED or fact.due_date < today


def is_on_time(fact):
    return fact.status == CONFIRMED and fact.done_on is not None and fact.done_on <= fact.due_date


def on_time(facts, today):
    """OnTime of the milestones `facts` as of `today`."""
    counted = [fact for fact in facts if is_counted(fact, today)]
    return OnTime(counted=len(counted), on_time=sum(1 for fact in counted if is_on_time(fact)))
