"""Rendering and sending e-mail from templates: HTML and plain text, in the recipient's language.

A message is three templates sharing a prefix: `<prefix>_subject.txt`, `<prefix>.txt` and
`<prefix>.html` (the HTML one extends `email/base.html`).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def render_plain(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (so "R&D" stays "R&D" in a subject or text mail)."""
    template = get_template(template_name)
    # The Django backend's wrapper always autoescapes; its inner template takes a Context that does not.
    return template.template.render(Context(context, autoescape=False))


def render_email(prefix: str, context: dict, language: str) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
    with translation.override(language):
        subject = " ".join(render_plain(f"{prefix}_subject.txt", context).split())
        text = render_plain(f"{prefix}.txt", context)
        html = render_to_string(f"{prefix}.html", context)
    return subject, text, html


def send_email(*, to: str, prefix: str, context: dict, language: str) -> None:
    subject, text, html = render_email(prefix, context, language)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
