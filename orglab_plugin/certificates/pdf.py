"""The `builtin` issuer's certificate as a one-page A4 landscape PDF (fpdf2): names in any script
through a Unicode font and its fallbacks, text shaping when uharfbuzz is installed."""
from __future__ import annotations

import logging
import os

from django.conf import settings
from django.utils.translation import get_language, gettext

from ..models import CertificateAward
from .facts import certificate_facts

log = logging.getLogger(__name__)

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# Fonts tried, in order, for characters the main font lacks (DejaVu Sans has no Indic or CJK
# script, for instance); those not installed are skipped. Debian's fonts-noto-core installs these.
DEFAULT_FALLBACK_FONTS = [
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansTamil-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansTelugu-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansGujarati-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansGurmukhi-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansKannada-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansMalayalam-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSinhala-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf",
]

# Colours (Wikimedia design style guide): Base10 text, Accent50 blue, Red50.
INK = (32, 33, 34)
MUTED = (84, 89, 93)
ACCENT = (51, 102, 204)
RED = (215, 51, 51)
PALE_RED = (252, 222, 222)


class _Writer:
    """fpdf2 with the certificate's font: a Unicode TTF font (names in any script), or the core
    Helvetica font when the TTF file is missing (then characters it cannot show become "?").
    A one-page landscape certificate, or (`document=True`) portrait pages that break as text fills them."""

    def __init__(self, document: bool = False):
        from fpdf import FPDF  # pylint: disable=import-outside-toplevel

        self.pdf = FPDF(orientation="portrait" if document else "landscape", unit="mm", format="A4")
        self.pdf.set_auto_page_break(document, margin=20)
        self.pdf.set_margins(28 if not document else 20, 20, 28 if not document else 20)
        self.unicode = False
        self.written: set[str] = set()  # every character written, to report those no font shows
        self.family = "helvetica"
        font = getattr(settings, "ORGLAB_CERTIFICATE_FONT", None) or DEFAULT_FONT
        if os.path.isfile(font):
            try:
                self.pdf.add_font("certificate", "", font)
            except Exception:  # pylint: disable=broad-except
                log.exception("Could not load the certificate font %s; using Helvetica.", font)
            else:
                self.unicode = True
                self.family = "certificate"
                self._add_fallback_fonts(font)
                self._enable_text_shaping()
        else:
            log.warning("The certificate font %s is missing (setting ORGLAB_CERTIFICATE_FONT); using Helvetica, "
                        "which shows only Latin-1 characters.", font)

    def _add_fallback_fonts(self, main_font: str) -> None:
        paths = getattr(settings, "ORGLAB_CERTIFICATE_FALLBACK_FONTS", None)
        if paths is None:
            paths = DEFAULT_FALLBACK_FONTS
        names = []
        for index, path in enumerate(paths):
            if path == main_font or not os.path.isfile(path):
                continue
            name = f"fallback{index}"
            try:
                self.pdf.add_font(name, "", path)
            except Exception:  # pylint: disable=broad-except
                log.exception("Could not load the certificate fallback font %s.", path)
                continue
            names.append(name)
        if names:
            self.pdf.set_fallback_fonts(names, exact_match=False)

    def _enable_text_shaping(self) -> None:
        """Join Arabic letters, order right-to-left text, form Indic conjuncts: needs uharfbuzz."""
        from fpdf.errors import FPDFException  # pylint: disable=import-outside-toplevel

        try:
            self.pdf.set_text_shaping(True)
        except FPDFException:
            log.debug("uharfbuzz is not installed: certificate PDFs are written without text shaping.")

    def text(self, value: str) -> str:
        if self.unicode:
            self.written.update(value)
            return value
        encoding = self.pdf.core_fonts_encoding
        return "".join(char if char.encode(encoding, "ignore") else "?" for char in value)

    def font(self, size: float, color=INK) -> None:
        self.pdf.set_font(self.family, "", size)
        self.pdf.set_text_color(*color)

    def line(self, value: str, size: float, color=INK, height: float | None = None, link: str = "",
             min_size: float | None = None) -> None:
        """One centred paragraph; a `min_size` lets a long line shrink to fit before it wraps."""
        from fpdf.enums import XPos, YPos  # pylint: disable=import-outside-toplevel

        value = self.text(value)
        width = self.pdf.epw
        if min_size is not None:
            self.font(size, color)
            while size > min_size and self.pdf.get_string_width(value) > width:
                size -= 1
        self.font(size, color)
        self.pdf.multi_cell(width, height or size * 0.55, value, align="C", link=link or None,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def report_missing_glyphs(self, award) -> None:
        """Say which characters no font could show (after output): they print as blanks."""
        missing = {code for font in self.pdf.fonts.values() for code in getattr(font, "missing_glyphs", ())}
        # With text shaping on, fpdf2 does not record them: look the written characters up in every font.
        cmaps = [font.cmap for font in self.pdf.fonts.values() if isinstance(getattr(font, "cmap", None), dict)]
        if cmaps:
            missing |= {ord(char) for char in self.written if char.isprintable() and not char.isspace()
                        and not any(ord(char) in cmap for cmap in cmaps)}
        missing = sorted(missing)
        if missing:
            log.warning(
                "Certificate %s: no font shows %s; add fonts for these scripts to the setting "
                "ORGLAB_CERTIFICATE_FALLBACK_FONTS (e.g. Debian's fonts-noto-core).",
                award.uuid, " ".join(f"U+{code:04X}" for code in missing[:20]),
            )

    def gap(self, millimetres: float) -> None:
        self.pdf.ln(millimetres)


def render_certificate_pdf(award: CertificateAward, verify_url: str) -> bytes:
    """The bytes of `award`'s certificate, a one-page A4 landscape PDF."""
    facts = certificate_facts(award)
    writer = _Writer()
    pdf_ = writer.pdf
    title = gettext("Certificate of completion")
    pdf_.set_title(writer.text(title))
    pdf_.set_author("Wikimedia Foundation")
    pdf_.set_creator("Organizer Lab (orglab)")
    # fpdf2 (2.8) tags only images and links, not text (no public API for headings and paragraphs):
    # the certificate's verification page is its accessible equivalent, and the PDF's metadata,
    # which screen readers and PDF readers show, says so and gives its address.
    pdf_.set_subject(writer.text(gettext(
        "Certificate of completion of the Organizer Lab. This PDF is not tagged for screen readers; its "
        "accessible version is the certificate's verification page: {url}").format(url=verify_url)))
    pdf_.set_keywords(writer.text(", ".join([
        gettext("Organizer Lab"), gettext("certificate"),
        gettext("accessible version: {url}").format(url=verify_url),
    ])))
    language = get_language()
    if language:
        pdf_.set_lang(language)
    pdf_.add_page()

    if facts["revoked"]:
        # A pale diagonal word across the page, under everything else.
        with pdf_.rotation(angle=25, x=pdf_.w / 2, y=pdf_.h / 2):
            writer.font(110, PALE_RED)
            word = writer.text(gettext("REVOKED"))
            pdf_.text(pdf_.w / 2 - pdf_.get_string_width(word) / 2, pdf_.h / 2 + 15, word)

    # The frame.
    pdf_.set_draw_color(*ACCENT)
    pdf_.set_line_width(1.4)
    pdf_.rect(10, 10, pdf_.w - 20, pdf_.h - 20)
    pdf_.set_line_width(0.4)
    pdf_.rect(14, 14, pdf_.w - 28, pdf_.h - 28)

    pdf_.set_y(26)
    writer.line(gettext("Wikimedia Foundation · Organizer Lab"), 12, MUTED)
    writer.gap(6)
    writer.line(title, 30, ACCENT, min_size=18)
    writer.gap(8)
    writer.line(gettext("This certifies that"), 13, MUTED)
    writer.gap(3)
    writer.line(facts["name"] or gettext("(no name given)"), 32, INK, min_size=16)
    writer.gap(3)
    writer.line(gettext("has completed the Wikimedia Foundation's Organizer Lab"), 15, INK)
    writer.gap(4)
    writer.line(facts["course_title"], 18, INK, min_size=12)
    writer.line(facts["course_key"], 10, MUTED)
    writer.gap(5)
    writer.line(gettext("Awarded on {date}").format(date=facts["awarded_on"]), 13, INK)
    writer.gap(4)
    if facts["revoked"]:
        writer.line(gettext("REVOKED"), 28, RED)
        writer.line(facts["status"], 14, RED)
    else:
        writer.line(gettext("Status: {status}").format(status=facts["status"]), 13, INK)

    # The footer: where and how to check it.
    pdf_.set_y(pdf_.h - 44)
    writer.line(gettext("Check this certificate at:"), 10, MUTED)
    writer.line(verify_url, 10, ACCENT, link=verify_url, min_size=6)
    writer.line(gettext("Certificate number: {uuid}").format(uuid=award.uuid), 9, MUTED)
    content = bytes(pdf_.output())
    writer.report_missing_glyphs(award)
    return content


# The parts of a document (`render_document_pdf`): (font size, colour, space before in mm).
_DOCUMENT_STYLES = {
    "title": (20, ACCENT, 0), "fact": (10, INK, 0), "heading": (15, ACCENT, 6), "subheading": (11, INK, 3),
    "note": (9, MUTED, 0), "text": (10.5, INK, 1),
}


def render_document_pdf(title: str, parts: list[tuple[str, str]], *, language: str = "", subject: str = "") -> bytes:
    """A text document as an A4 portrait PDF with the certificate's fonts (any script, text shaping):
    `parts` are (kind, text) in order, kind one of title, fact, heading, subheading, note, text. Text is
    drawn as it is (nothing in it is markup: a PDF has none to inject) and wraps, long words too."""
    from fpdf.enums import XPos, YPos  # pylint: disable=import-outside-toplevel

    writer = _Writer(document=True)
    pdf_ = writer.pdf
    pdf_.set_title(writer.text(title))
    pdf_.set_creator("Organizer Lab (orglab)")
    if subject:
        pdf_.set_subject(writer.text(subject))
    if language:
        pdf_.set_lang(language)
    pdf_.add_page()
    for kind, value in parts:
        size, color, before = _DOCUMENT_STYLES.get(kind, _DOCUMENT_STYLES["text"])
        if before:
            writer.gap(before)
        writer.font(size, color)
        pdf_.multi_cell(pdf_.epw, size * 0.5, writer.text(value or " "), align="L", wrapmode="CHAR"
                        if not value or max((len(word) for word in value.split()), default=0) > 60 else "WORD",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf_.output())
