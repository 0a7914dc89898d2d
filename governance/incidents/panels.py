"""The dashboard panel: the incidents being handled or under control, across the centers the user
sees (the county: every center). Its body is fetched again every half minute (static/incidents/panel.js)."""

from wagtail.admin.ui.components import Component


class OpenIncidentsPanel(Component):
    name = "incidents_open"
    order = 15
    template_name = "incidents/panels/open.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from governance.incidents.views.incidents import panel_context

        return panel_context(self.request.user)
