"""Static pages of the portal."""

from django.views.generic import TemplateView


class ContactView(TemplateView):
    template_name = "pages/contact.html"


class AccessibilityStatementView(TemplateView):
    template_name = "pages/accessibility.html"
