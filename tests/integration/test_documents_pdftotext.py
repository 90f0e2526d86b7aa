"""The printed PDF read back by poppler's pdftotext (a subprocess): out of the unit suite."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from dialogue.core.documents import (
    Section,
    render_pdf,
)
from tests.unit.test_documents import DIGEST, FRENCH, flat


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_pdf_text_is_readable_by_pdftotext() -> None:
    pdf = render_pdf(title=FRENCH, sections=[Section(heading="Signatures", blocks=())], footer_text=DIGEST)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert FRENCH in flat(text)
    assert "Page 1 / 1" in text
    assert DIGEST in text
