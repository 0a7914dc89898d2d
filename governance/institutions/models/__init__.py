from governance.institutions.models.assessments import Assessment, AssessmentResult
from governance.institutions.models.common import Reminder
from governance.institutions.models.meetings import AgendaItem, JointMeeting, MeetingAttendance, MeetingTask
from governance.institutions.models.notices import NoticeCounter, NoticeEvidence, RectificationNotice
from governance.institutions.models.screening import ScreeningItem, ScreeningReport
from governance.institutions.models.settings import InstitutionSettings, settings_for
from governance.institutions.models.tags import CaseTag, SpecialWork

__all__ = [
    "AgendaItem",
    "Assessment",
    "AssessmentResult",
    "CaseTag",
    "InstitutionSettings",
    "JointMeeting",
    "MeetingAttendance",
    "MeetingTask",
    "NoticeCounter",
    "NoticeEvidence",
    "RectificationNotice",
    "Reminder",
    "ScreeningItem",
    "ScreeningReport",
    "SpecialWork",
    "settings_for",
]
