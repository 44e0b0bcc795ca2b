"""PDF documents in Thai: WeasyPrint with the Sarabun font shipped in ``sajja/static/fonts``
(the machine has no Thai font; WeasyPrint shapes Thai and breaks lines between words)."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_DIR = Path(settings.BASE_DIR) / "sajja" / "static" / "fonts" / "sarabun"


def render_pdf(template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which pages without PDFs do not need

    html = render_to_string(template, {**context, "font_dir": FONT_DIR.as_uri()}, request=request)
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def pdf_response(template: str, context: dict, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
