"""The case source of the dispute, petition and hazard registers: cases read as ledger records.

A record is a dict from accessor (registers.Column.accessor) to display value. Records are built in
chunks with a fixed number of queries per chunk (cases with their names joined, then parties,
cooperating departments, follow-ups and the import/route events of the chunk), so an export costs
the same per row whatever the table size.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import batched

from django.utils.translation import gettext_lazy as _

from governance.ledgers.filters import active_filter_labels, case_list_params, filtered_cases
from governance.ledgers.registers import FOLLOW_UP_TEXT
from governance.models import Case, CaseEvent, FollowUp, Party
from governance.selectors.cases import cases_visible_to

CHUNK = 2000
ROLE_ORDER = {Party.Role.APPLICANT: 0, Party.Role.RESPONDENT: 1, Party.Role.OTHER: 2}

_CASE_VALUES = (
    "pk",
    "code",
    "center__name",
    "received_on",
    "source__name",
    "category__name",
    "petition_kind__name",
    "summary",
    "place",
    "workstation__name",
    "people_count",
    "lead_department__name",
    "responsible_person",
    "due_date",
    "outcome_note",
    "outcome__name",
    "outcome__counts_as_resolved",
    "resolved_on",
    "fed_back_on",
    "status",
    "is_private",
    "registered_by__username",
    "registered_by__first_name",
    "registered_by__last_name",
)

# A ledger is kept in the order cases came in.
LEDGER_ORDER = ("received_on", "year", "sequence", "pk")


def numbered_records(rows, related, record, chunk_size=CHUNK):
    """Ledger records from value rows read in chunks: `related(ids)` fetches a chunk's related data
    at once (a fixed number of queries per chunk), `record(number, row, related)` builds a record;
    records are numbered from 1 (序号)."""
    number = 0
    for chunk in batched(rows, chunk_size):
        found = related([row["pk"] for row in chunk])
        for row in chunk:
            number += 1
            yield record(number, row, found)


class CaseSource:
    """Cases as ledger records (see the module docstring)."""

    # The date a month export selects on (filters.scope_to_month), and the export form's word for it.
    month_field = "received_on"
    month_help = _("Optional. Exports the cases received in that month, with a title row for the center and month.")

    def hidden_params(self, params):
        """(name, value) of the query parameters the export form carries on: the case list's filters."""
        return [(key, value) for key, values in case_list_params(params).lists() for value in values]

    def filter_labels(self, request, register, params):
        """(title, value) of the filters in effect, shown above the export."""
        return active_filter_labels(request, params)

    def available_to(self, user):
        """Whether the register is offered to the user at all: every ledger user sees some cases
        (scoping.cases_visible_to narrows them)."""
        return True

    def queryset(self, user, register):
        queryset = cases_visible_to(user)
        return queryset.filter(kind=register.case_kind) if register.case_kind else queryset

    def filter(self, request, register, params):
        queryset = filtered_cases(request, params)
        return queryset.filter(kind=register.case_kind) if register.case_kind else queryset

    def records(self, queryset, chunk_size=CHUNK):
        rows = queryset.order_by(*LEDGER_ORDER).values(*_CASE_VALUES).iterator(chunk_size=chunk_size)
        return numbered_records(rows, self._related, self._record, chunk_size)

    def _related(self, ids):
        parties = defaultdict(list)
        for case_id, role, pk, name, phone, id_number, address in Party.objects.filter(case_id__in=ids).values_list(
            "case_id", "role", "pk", "name", "phone", "id_number", "address"
        ):
            parties[case_id].append((ROLE_ORDER.get(role, 3), pk, name, phone, id_number, address))
        cooperating = defaultdict(list)
        through = Case.cooperating_departments.through
        for case_id, name, order in through.objects.filter(case_id__in=ids).values_list("case_id", "department__name", "department__sort_order"):
            cooperating[case_id].append((order, name))
        follow_ups = {}
        for case_id, result in FollowUp.objects.filter(case_id__in=ids).order_by("visited_on", "pk").values_list("case_id", "result"):
            follow_ups[case_id] = result  # the latest wins
        imported, proposals = {}, {}
        for case_id, action, reason, data in (
            CaseEvent.objects.filter(case_id__in=ids, action__in=("import", "route"))
            .order_by("pk")
            .values_list("case_id", "action", "reason", "data")
        ):
            if action == "import":
                imported[case_id] = (data or {}).get("ledger") or {}
            elif reason:
                proposals[case_id] = reason
        return {"parties": parties, "cooperating": cooperating, "follow_ups": follow_ups, "imported": imported, "proposals": proposals}

    @staticmethod
    def _record(number, row, related):
        pk = row["pk"]
        extras = related["imported"].get(pk, {})
        parties = sorted(related["parties"].get(pk, ()))
        departments = [row["lead_department__name"]] if row["lead_department__name"] else []
        departments += [name for _order, name in sorted(related["cooperating"].get(pk, ()))]
        result = related["follow_ups"].get(pk)
        # Chinese names: surname first, no space.
        receiver = (row["registered_by__last_name"] or "") + (row["registered_by__first_name"] or "")
        if row["registered_by__username"] and not receiver:
            receiver = row["registered_by__username"]
        return {
            "row_number": number,
            "center": row["center__name"],
            "code": row["code"],
            "received_on": row["received_on"],
            "source": row["source__name"],
            "party_names": [p[2] for p in parties],
            "party_phones": [p[3] for p in parties],
            "party_id_numbers": [p[4] for p in parties],
            "party_addresses": [p[5] for p in parties],
            "category": row["category__name"],
            "petition_kind": row["petition_kind__name"],
            "summary": row["summary"],
            "place": row["place"],
            "workstation": row["workstation__name"],
            "people_count": row["people_count"],
            "departments": departments,
            "responsible_person": row["responsible_person"],
            "due_date": row["due_date"],
            "outcome_note": row["outcome_note"],
            # A reopened case keeps its old outcome; the ledger shows an outcome only while resolved.
            "outcome": row["outcome__name"] if row["resolved_on"] else None,
            "resolved_flag": row["outcome__counts_as_resolved"] if row["outcome__name"] and row["resolved_on"] else None,
            "resolved_on": row["resolved_on"],
            "fed_back_on": row["fed_back_on"],
            "follow_up": extras.get("follow_up") or (FOLLOW_UP_TEXT.get(result, "") if result else ""),
            "status": row["status"],
            "is_private": row["is_private"],
            "receiver": receiver or extras.get("receiver", ""),
            "proposal": related["proposals"].get(pk) or extras.get("proposal", ""),
        }


CASE_SOURCE = CaseSource()
