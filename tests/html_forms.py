"""What a browser would submit from a rendered page: the values of the form that carries a field
(hidden inputs, typed text, checked boxes, selected options), for tests that submit a page again."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.current, self.textarea, self.select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input":
            kind, name = attributes.get("type", "text"), attributes.get("name")
            if name and kind not in ("submit", "button", "file") and (kind not in ("checkbox", "radio") or "checked" in attributes):
                self.current.setdefault(name, []).append(attributes.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = attributes.get("name")
            self.current.setdefault(self.textarea, []).append("")
        elif tag == "select":
            self.select = attributes.get("name")
        elif tag == "option" and self.select and "selected" in attributes:
            self.current.setdefault(self.select, []).append(attributes.get("value", ""))

    def handle_data(self, data):
        if self.textarea:
            self.current[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            value = self.current[self.textarea][-1]
            self.current[self.textarea][-1] = value[1:] if value.startswith("\n") else value  # as a browser reads it
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_values(html, having="version", **typed):
    """The submitted values of the page's form that has a field named `having`, with `typed` over them."""
    parser = _FormValues()
    parser.feed(html)
    form = next(values for values in parser.forms if having in values)
    data = {name: values[0] if len(values) == 1 else values for name, values in form.items()}
    data.pop("csrfmiddlewaretoken", None)
    data.update(typed)
    return data
