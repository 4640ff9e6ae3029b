"""The CV checks (docs/bourse.md): a PDF only, size-limited (an editable setting), a real PDF
(its signature AND pypdf reads it); bad inputs refused with French messages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from tests.bourse.helpers import pdf_bytes
from trajectoires.bourse import cv


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_real_pdf_is_accepted_and_stored_outside_static(settings, tmp_path):
    data = cv.check_cv(_upload("mon cv.pdf", pdf_bytes()))
    name = cv.store(data)
    stored = cv.path_of(name)
    assert stored.read_bytes() == data and stored.parent == tmp_path / "cv"
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    from pypdf import PdfReader

    assert len(PdfReader(stored).pages) == 1  # opened back


def test_a_text_file_named_pdf_is_refused():
    with pytest.raises(ValidationError) as exc:
        cv.check_cv(_upload("cv.pdf", b"Je suis un fichier texte, pas un PDF.\n" * 20))
    assert "n'est pas un vrai PDF" in exc.value.messages[0]


def test_a_file_starting_like_a_pdf_but_broken_is_refused():
    with pytest.raises(ValidationError) as exc:
        cv.check_cv(_upload("cv.pdf", b"%PDF-1.7\n" + b"n'importe quoi " * 100))
    assert "illisible" in exc.value.messages[0]


def test_a_50_mb_file_is_refused_before_it_is_read():
    big = TemporaryUploadedFile("cv.pdf", "application/pdf", 50 * 1024 * 1024, None)
    try:
        big.write(pdf_bytes())
        big.seek(50 * 1024 * 1024 - 1)
        big.write(b"\0")
        big.flush()
        with pytest.raises(ValidationError) as exc:
            cv.check_cv(big)
        assert "50,0 Mo" in exc.value.messages[0] and "2 Mo" in exc.value.messages[0]
    finally:
        big.close()


def test_the_limit_is_a_setting(settings):
    settings.TRAJECTOIRES_BOURSE_CV_MAX_MO = 0.001  # about 1 KB
    with pytest.raises(ValidationError) as exc:
        cv.check_cv(_upload("cv.pdf", pdf_bytes() + b" " * 2000))
    assert "0,001 Mo" in exc.value.messages[0]


def test_another_extension_is_refused():
    with pytest.raises(ValidationError) as exc:
        cv.check_cv(_upload("cv.docx", pdf_bytes()))
    assert "PDF" in exc.value.messages[0]


def test_a_stored_name_cannot_reach_another_folder():
    for name in ("../secret_key", "a/b.pdf", ".env", ""):
        with pytest.raises(FileNotFoundError):
            cv.path_of(name)


def test_the_application_form_says_why_in_french(client, world):
    from django.urls import reverse

    from tests.bourse.helpers import login_compte, make_board
    from trajectoires.bourse.models import Candidature

    b = make_board(world)
    login_compte(client, b.jeune)
    url = reverse("bourse:postuler", args=[world.structure.code, b.offre_autre_employeur.pk])
    response = client.post(url, {"message": "Bonjour", "cv": _upload("cv.pdf", b"texte\n" * 50)})
    assert response.status_code == 200
    assert "n&#x27;est pas un vrai PDF" in response.content.decode()
    assert not Candidature.objects.filter(offre=b.offre_autre_employeur).exists()
