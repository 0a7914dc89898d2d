"""Online intake (网上反映): the public form's answers become a case through the reception desk's service."""

import logging
import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Case, Party, ReferenceItem, ReferenceKind
from governance.services import cases as services
from pages.forms import REQUEST_TYPES

logger = logging.getLogger(__name__)

ONLINE_SOURCE = "online"
TOKEN_TTL = 24 * 3600
PENDING = "pending"
PENDING_SECONDS = 10


def _reference_id(kind, code):
    return ReferenceItem.objects.filter(kind=kind, code=code, center__isnull=True).values_list("pk", flat=True).first()


def build_intake(center, data, extra_answers=()):
    """The Intake for the form's cleaned data (source: online, received today, the person as applicant)."""
    kind, petition_kind = REQUEST_TYPES[data["request_type"]]
    summary = data["summary"]
    if extra_answers:
        lines = "\n".join(f"{question}：{answer}" for question, answer in extra_answers)
        summary = f"{summary}\n\n{_('Further answers given online:')}\n{lines}"
    return services.Intake(
        kind=kind,
        source_id=_reference_id(ReferenceKind.SOURCE, ONLINE_SOURCE),
        category_id=int(data["category"]),
        petition_kind_id=_reference_id(ReferenceKind.PETITION_KIND, petition_kind) if petition_kind else None,
        summary=summary,
        received_on=timezone.localdate(),
        people_count=data["people_count"],
        is_private=bool(data.get("is_private")),
        workstation_id=int(data["workstation"]) if data.get("workstation") else None,
        parties=[
            services.PartyData(
                name=data["name"],
                id_number=data.get("id_number", ""),
                phone=data["phone"],
                address=data.get("address", ""),
                role=Party.Role.APPLICANT,
            )
        ],
    )


def _token_key(token):
    return f"zongzhi:online-request:{token}"


def _wait_for_token(token, seconds=PENDING_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        case = case_for_token(token)
        if case is not None or cache.get(_token_key(token)) is None:
            return case
        time.sleep(0.2)
    return None


def case_for_token(token):
    """The case an earlier submission of the same form created (a resubmission or a double click)."""
    if not token:
        return None
    case_id = cache.get(_token_key(token))
    return Case.objects.filter(pk=case_id).first() if isinstance(case_id, int) else None


def register_online_request(center, form):
    """Register the form's request as one case; the same form sent twice gives the same case.

    Raises django ValidationError (from the service) with the field errors; nothing is saved then.
    """
    token = form.cleaned_data.get("token", "")
    existing = case_for_token(token)
    if existing is not None:
        return existing, False
    if token and not cache.add(_token_key(token), PENDING, PENDING_SECONDS):
        # The same form is being registered right now (a double click): wait for the first one.
        existing = _wait_for_token(token)
        if existing is not None:
            return existing, False
        raise ValidationError(_("This request is already being sent. Please wait a moment and check your phone for the case code."))
    intake = build_intake(center, form.cleaned_data, form.extra_answers())
    try:
        # Earlier cases of the same person are linked for the staff; the public is told nothing of them.
        earlier = earlier_case_ids(center, intake)
        case = services.case_register(center=center, actor=None, intake=intake, source_note=_("Submitted online"), earlier_case_ids=earlier)
    except Exception:
        if token:
            cache.delete(_token_key(token))
        raise
    if token:
        cache.set(_token_key(token), case.pk, TOKEN_TTL)
    phone = form.cleaned_data["phone"]
    transaction.on_commit(lambda: _remember_sms(case.code, send_codes(phone, case.code, case.query_code, center)))
    return case, True


def earlier_case_ids(center, intake):
    """The center's earlier cases of the person (governance.selectors.repeat); none when the answers
    do not pass the desk's checks (the service reports those)."""
    from governance.selectors.repeat import earlier_cases

    try:
        parties = services.clean_parties(intake.parties)
    except ValidationError:
        return []
    return [earlier.pk for earlier in earlier_cases(center.pk, parties)]


def _sms_key(code):
    return f"zongzhi:online-request-sms:{code}"


def _remember_sms(code, sent):
    cache.set(_sms_key(code), bool(sent), TOKEN_TTL)


def codes_were_texted(code):
    """Whether the SMS backend reported the codes of this case sent (unknown counts as not sent)."""
    return cache.get(_sms_key(code)) is True


def send_codes(phone, code, query_code, center):
    """Text the case code and query code to the person (through the configured SMS backend).

    Returns True only when the backend reports the text sent (the logging backend sends nothing)."""
    from governance.services.notifications import sms_backend

    text = _(
        "%(center)s has registered your request. Case code: %(code)s; query code: %(query_code)s. "
        "Use them to look up the progress on the center's website."
    ) % {"center": center.name, "code": code, "query_code": query_code}
    try:
        return bool(sms_backend().send(phone, text))
    except Exception:  # the case is registered; a failed text must not turn that into an error page
        logger.exception("Could not send the case code by SMS")
        return False
