"""The public site's admin hooks.

Online requests are never stored as Wagtail form submissions (OnlineRequestPage.process_form_submission
registers a case; personal data lives only there, scoped and masked). So no user is offered Wagtail's
form-submission screens: an editor who may edit the request page must not list or delete submissions."""

from wagtail import hooks


@hooks.register("filter_form_submissions_for_user")
def no_form_submission_screens(user, editable_forms):
    return editable_forms.none()
