"""The demo data loader: a fictional county (示范县) with two township centers.

Idempotent: every record is looked up by its natural key first, and nothing that exists is
changed, so a second run writes nothing. Later features extend `load_demo` with their own data.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext
from wagtail.models import Page, Site

from governance import roles
from governance.analysis.demo import load_demo_analysis
from governance.demo_cases import load_demo_cases
from governance.demo_lobby import load_demo_lobby
from governance.incidents.demo import load_demo_incidents
from governance.institutions.demo import load_demo_institutions
from governance.models import Center, Department, StaffProfile, Workstation
from governance.plans.demo import load_demo_plans
from governance.prevention.demo import load_demo_prevention
from governance.reference_defaults import load_reference, load_routing
from governance.units.demo import load_demo_units
from governance.warnings.demo import load_demo_warnings

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_county.json"


@dataclass
class DemoLogin:
    username: str
    name: str
    role: str
    center: str


@dataclass
class DemoResult:
    password: str
    logins: list = field(default_factory=list)
    created: int = 0


def read_demo_data(path=DEMO_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_demo(path=DEMO_FILE):
    """Create the demo county; returns the demo logins (created or already there)."""
    if not settings.ZONGZHI_DEMO_ALLOWED:
        raise ImproperlyConfigured(gettext("Production refuses to load the demo data and demo accounts."))
    data = read_demo_data(path)
    roles.sync_roles()
    result = DemoResult(password=data["demo_password"])
    result.created += load_reference()
    portal = _ensure_portal(data["county"], result)
    for user_data in data["county_users"]:
        _ensure_user(user_data, center=None, result=result)
    for center_data in data["centers"]:
        center = _ensure_center(center_data, result)
        home = _ensure_center_home(portal, center, center_data, result)
        for user_data in center_data["users"]:
            _ensure_user(user_data, center=center, result=result, center_home=home)
        result.created += load_routing(center)
        result.created += load_demo_cases(center, center_data["demo_actors"])
        result.created += load_demo_lobby(center, center_data["lobby"])
    # The working systems' records (notices, meetings, reports, assessments) need every center and user.
    result.created += load_demo_institutions()
    result.created += load_demo_prevention()  # the 群防群治 teams and patrols (governance.prevention)
    result.created += load_demo_warnings()
    result.created += load_demo_incidents()  # 联动: incidents and key work (governance.incidents)
    result.created += load_demo_analysis()  # the 治安形势分析 (governance.analysis): after the meetings and patrols
    result.created += load_demo_units()  # unit internal security (governance.units)
    result.created += load_demo_plans()  # the community prevention plans and technical points (governance.plans)
    return result


def _get_or_create(model, result, defaults=None, **lookup):
    instance, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    result.created += int(created)
    return instance


def _ensure_portal(county, result):
    from pages.models import PortalHomePage

    portal = PortalHomePage.objects.first()
    if portal is None:
        root = Page.get_first_root_node()
        # Wagtail's migrations leave a placeholder "Welcome" page at the root; replace it.
        for placeholder in root.get_children().filter(content_type__model="page"):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        portal = root.add_child(instance=PortalHomePage(title=county["portal_title"], slug="home", intro=county["portal_intro"]))
        portal.save_revision().publish()
        result.created += 1
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=portal, is_default_site=True, site_name=county["portal_title"])
        result.created += 1
    return portal


def _ensure_center(data, result):
    center = _get_or_create(
        Center,
        result,
        slug=data["slug"],
        defaults={key: data[key] for key in ("name", "short_name", "address", "office_hours", "phone", "supervision_phone")},
    )
    for order, dept in enumerate(data["departments"]):
        _get_or_create(Department, result, center=center, name=dept["name"], defaults={"role": dept["role"], "sort_order": order})
    for station in data["workstations"]:
        _get_or_create(
            Workstation,
            result,
            center=center,
            name=station["name"],
            defaults={"kind": station["kind"], "contact_person": station.get("contact_person", "")},
        )
    return center


def _ensure_center_home(portal, center, data, result):
    from pages.demo import ensure_center_pages

    # The center's intro stays with the center's data; its page tree is built by pages.demo.
    home, created = ensure_center_pages(portal, center, {**data["pages"], "intro": data["intro"]})
    result.created += created
    return home


def _ensure_user(data, center, result, center_home=None):
    User = get_user_model()
    user = User.objects.filter(username=data["username"]).first()
    if user is None:
        user = User(
            username=data["username"],
            first_name=data["name"],
            is_staff=bool(data.get("superuser")),
            is_superuser=bool(data.get("superuser")),
        )
        user.set_password(result.password)
        user.save()
        result.created += 1
    role = data.get("role")
    if role:
        user.groups.add(roles.group_for(role))
        if role == "editor" and center_home is not None:
            from pages.editors import ensure_center_editor_group

            user.groups.add(ensure_center_editor_group(center_home))
    if not data.get("superuser"):
        department = center.departments.get(name=data["department"]) if data.get("department") else None
        workstation = center.workstations.get(name=data["workstation"]) if data.get("workstation") else None
        _get_or_create(
            StaffProfile,
            result,
            user=user,
            defaults={"center": center, "department": department, "workstation": workstation, "title": data.get("title", "")},
        )
    role_label = gettext("System administrator") if data.get("superuser") else roles.ROLES[role][0]
    center_label = center.name if center else gettext("county level")
    result.logins.append(DemoLogin(user.username, data["name"], role_label, center_label))
