"""The CV a young person joins to an application: a PDF only, at most
`TRAJECTOIRES_BOURSE_CV_MAX_MO` megabytes, checked as a real PDF (its first bytes are the PDF
signature AND pypdf opens it and reads its pages), stored under `TRAJECTOIRES_BOURSE_CV_DIR`
(outside the static files) with a random name, and served only to the people allowed to read it."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


PDF_MAGIC = b"%PDF-"
# The signature may follow a few bytes of junk (PDF 1.7, ISO 32000-1, 7.5.2: readers accept it
# within the first 1024 bytes); we ask for it there.
MAGIC_WINDOW = 1024


def max_bytes() -> int:
    return int(float(settings.TRAJECTOIRES_BOURSE_CV_MAX_MO) * 1024 * 1024)


def _max_label() -> str:
    value = float(settings.TRAJECTOIRES_BOURSE_CV_MAX_MO)
    return f"{value:g}".replace(".", ",") + " Mo"


def check_cv(upload: UploadedFile) -> bytes:
    """The CV's bytes, or a French `ValidationError` saying what is wrong."""
    if upload.size is not None and upload.size > max_bytes():
        size = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            f"Votre CV pèse {size} Mo : la limite est de {_max_label()}. "
            "Réduisez sa taille (enregistrez-le en PDF « taille réduite ») puis réessayez."
        )
    if not (upload.name or "").lower().endswith(".pdf"):
        raise ValidationError("Le CV doit être un fichier PDF (nom se terminant par .pdf).")
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ValidationError(f"Votre CV dépasse la limite de {_max_label()}.")
    if PDF_MAGIC not in data[:MAGIC_WINDOW]:
        raise ValidationError(
            "Ce fichier n'est pas un vrai PDF (son contenu ne commence pas comme un PDF), même si son nom se termine "
            "par .pdf. Exportez votre CV en PDF depuis votre traitement de texte puis réessayez."
        )
    _parse(data)
    return data


def _parse(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError("Ce PDF est protégé par un mot de passe : envoyez une version sans protection.")
        if len(reader.pages) < 1:
            raise ValidationError("Ce PDF ne contient aucune page.")
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ValidationError(
            "Ce PDF est illisible ou abîmé. Exportez à nouveau votre CV en PDF puis réessayez."
        ) from exc


def cv_dir() -> Path:
    path = Path(settings.TRAJECTOIRES_BOURSE_CV_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes) -> str:
    """Writes the CV under a random name; returns that name."""
    name = f"{secrets.token_hex(16)}.pdf"
    (cv_dir() / name).write_bytes(data)
    return name


def path_of(name: str) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(name)
    return cv_dir() / name
