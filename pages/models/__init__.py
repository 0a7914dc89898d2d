"""Public website pages: the county portal, each center's site and its public-wall sections."""

from pages.models.articles import ArticleIndexPage, ArticlePage, ArticlePageTag, NoticeIndexPage, NoticePage
from pages.models.base import PublicPage, center_home_for
from pages.models.content import ContentPage
from pages.models.home import CenterHomePage, PortalHomePage
from pages.models.review import CenterReviewTask
from pages.models.services import OnlineRequestField, OnlineRequestPage, ProgressLookupPage, ResultsBoardPage
from pages.models.wall import (
    ContactEntry,
    ContactsPage,
    DutiesPage,
    ProcedureChartPage,
    ServiceCommitmentPage,
    StaffMember,
    StaffPage,
    VisitorNoticePage,
)
from pages.models.warnings import WarningsPage

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "CenterHomePage",
    "CenterReviewTask",
    "ContactEntry",
    "ContactsPage",
    "ContentPage",
    "DutiesPage",
    "NoticeIndexPage",
    "NoticePage",
    "OnlineRequestField",
    "OnlineRequestPage",
    "PortalHomePage",
    "ProgressLookupPage",
    "PublicPage",
    "ResultsBoardPage",
    "ServiceCommitmentPage",
    "StaffMember",
    "StaffPage",
    "VisitorNoticePage",
    "WarningsPage",
    "ProcedureChartPage",
    "center_home_for",
]
