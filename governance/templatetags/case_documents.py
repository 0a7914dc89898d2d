"""The case page's front-desk part: whether the user sees the party's query code, and which documents
they may print (governance.views.case_documents), asked of governance.access like every view."""

from django import template

from governance import access
from governance.views.case_documents import document_url, documents_for

register = template.Library()


@register.simple_tag(takes_context=True)
def case_desk(context, case):
    """{"query_code": bool, "documents": [(label, url), …]} for the requesting user and `case`."""
    user = context["request"].user
    return {
        "query_code": access.may_see_query_code(user, case),
        "documents": [(document.button, document_url(case, document.kind)) for document in documents_for(user, case)],
    }
