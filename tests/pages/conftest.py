"""Fixtures for the public website: a portal with one center's site, and cases that carry
personal data (names, ID numbers, phones, addresses) so that a leak onto a public surface shows."""

from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from governance.models import Case, Department
from governance.services import cases as services
from pages.models import (
    CenterHomePage,
    ContactEntry,
    ContactsPage,
    OnlineRequestField,
    OnlineRequestPage,
    PortalHomePage,
    ProgressLookupPage,
    ResultsBoardPage,
)
from tests.factories import make_intake, make_staff, party, reference, valid_id_number  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counts and form tokens live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def portal(db):
    root = Page.get_first_root_node()
    portal = publish(root, PortalHomePage(title="测试县综治中心门户", slug="portal"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=portal, is_default_site=True)
    else:
        site.root_page = portal
        site.save()
    return portal


@dataclass
class CenterSite:
    home: CenterHomePage
    board: ResultsBoardPage
    request: OnlineRequestPage
    lookup: ProgressLookupPage
    contacts: ContactsPage


def build_center_site(portal, center, slug=None):
    home = publish(portal, CenterHomePage(title=center.name, slug=slug or center.slug, center=center))
    board = publish(home, ResultsBoardPage(title="调解反馈公示", slug="results", show_in_menus=True, per_page=5))
    request = OnlineRequestPage(title="网上反映", slug="online", show_in_menus=True)
    request.form_fields = [
        OnlineRequestField(label="方便接听电话的时间", field_type="dropdown", required=False, choices="上午\n下午"),
    ]
    request = publish(home, request)
    lookup = publish(home, ProgressLookupPage(title="进度查询", slug="progress", show_in_menus=True))
    contacts = ContactsPage(title="联系我们", slug="contacts")
    contacts.contacts = [
        ContactEntry(kind="supervision", label="中心监督电话", phone="0000-5550000", in_footer=True),
    ]
    contacts = publish(home, contacts)
    return CenterSite(home, board, request, lookup, contacts)


@pytest.fixture
def site(portal, center, reference):
    return build_center_site(portal, center)


@pytest.fixture
def director(center):
    return make_staff("director", center=center)


# --- cases with personal data -----------------------------------------------------------------------


@dataclass
class Person:
    name: str
    id_number: str
    phone: str
    address: str

    @property
    def secrets(self):
        """Strings that must never appear on a public surface."""
        given = self.name[1:]
        return [self.name, given if len(given) >= 2 else "", self.id_number, self.id_number[-8:], self.phone, self.phone[-8:], self.address]


_SERIAL = iter(range(1, 10_000))


def person(name):
    n = next(_SERIAL)
    return Person(
        name=name,
        id_number=valid_id_number(f"4401061985{n % 12 + 1:02d}{n % 27 + 1:02d}{n % 1000:03d}"),
        phone=f"1391234{n:04d}",
        address=f"幸福路{n}号{name}家",
    )


@dataclass
class CaseFactory:
    center: object
    director: object
    reference: object
    people: list = field(default_factory=list)
    secrets: list = field(default_factory=list)

    def make(
        self,
        name,
        *,
        stage="resolved",
        publish=True,
        private=False,
        petition_kind=None,
        kind="dispute",
        category="neighbour",
        workstation=None,
        other=None,
    ):
        """A case whose applicant (and respondent) carry personal data, taken as far as `stage`."""
        applicant = person(name)
        respondent = person(other or f"{name}之邻")
        self.people += [applicant, respondent]
        summary = f"{applicant.name}（电话{applicant.phone}）与{respondent.name}因院墙滴水发生争执，住址{applicant.address}。"
        intake = make_intake(
            self.reference,
            kind=kind,
            category=category,
            petition_kind=petition_kind,
            summary=summary,
            is_private=private,
            workstation_id=workstation.pk if workstation else None,
            parties=[
                party(applicant.name, applicant.id_number, applicant.phone, applicant.address),
                party(respondent.name, respondent.id_number, respondent.phone, respondent.address, role="respondent"),
            ],
        )
        self.secrets += [summary, f"内部备注：{applicant.name}情绪激动", f"{respondent.name}同意赔偿"]
        case = services.case_register(center=self.center, actor=self.director, intake=intake)
        if stage == "registered":
            return case
        services.case_accept(case_id=case.pk, actor=self.director, notice_date=services._today())
        if stage == "accepted":
            return case
        lead = Department.objects.filter(center=self.center, role="lead").first()
        services.case_route(case_id=case.pk, actor=self.director, lead_department=lead, responsible_person="调解员甲")
        services.case_start(case_id=case.pk, actor=self.director)
        if stage == "handling":
            return Case.objects.get(pk=case.pk)
        services.case_record_mediation(
            case_id=case.pk,
            actor=self.director,
            held_on=services._today(),
            mediation_type=self.reference("mediation_type", "people"),
            mediator="调解员甲",
            parties_present=f"{applicant.name}、{respondent.name}",
            result=f"内部备注：{applicant.name}情绪激动",
            agreement_reached=True,
            agreement_text=f"{respondent.name}同意赔偿",
        )
        services.case_resolve(case_id=case.pk, actor=self.director, outcome=self.reference("outcome", "mediated"), note=f"{respondent.name}同意赔偿")
        if publish:
            version = Case.objects.get(pk=case.pk).version
            services.case_update_details(case_id=case.pk, actor=self.director, expected_version=version, publishable=True)
        if stage == "fed_back":
            services.case_feedback(case_id=case.pk, actor=self.director, told_on=services._today())
        return Case.objects.get(pk=case.pk)

    @property
    def all_secrets(self):
        values = list(self.secrets)
        for p in self.people:
            values += p.secrets
        return [value for value in values if value]


@pytest.fixture
def cases(center, director, reference):
    return CaseFactory(center, director, reference)
