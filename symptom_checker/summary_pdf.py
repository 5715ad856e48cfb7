"""The summary for the doctor as a PDF (fpdf2: pure Python, installs from a wheel, no fonts
or system libraries to fetch; reportlab would work too but brings a C extension)."""

from __future__ import annotations

from symptom_checker.summary import NOT_A_DIAGNOSIS, TITLE, DoctorSummary, summary_lines

# The PDF core fonts speak Latin-1: typographic characters are spelled plainly.
_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "..."}
)


def _plain(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def render_pdf(summary: DoctorSummary, page_format: str = "A4") -> bytes:
    """The summary on A4 (or "Letter") pages, as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(format=page_format)
    pdf.set_title(TITLE)
    pdf.set_creator("breast-cancer metastasis symptom checker")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(width, 8, _plain(TITLE), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        width, 6, _plain(f"Date of the assessment: {summary.date}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(width, 6, _plain(NOT_A_DIAGNOSIS), new_x="LMARGIN", new_y="NEXT", align="L")
    for heading, lines in summary_lines(summary):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(width, 7, _plain(heading), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font("Helvetica", "", 11)
        for line in lines:
            pdf.multi_cell(width, 6, _plain("- " + line), new_x="LMARGIN", new_y="NEXT", align="L")
    return bytes(pdf.output())
