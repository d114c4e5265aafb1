"""Uploaded files: what we accept is decided by the bytes, not by the name or the browser's claim.

Images (PNG, JPEG, GIF, WebP) up to 5 MB are shown inline; documents (PDF, Word, Excel, PowerPoint,
plain text) up to 10 MB are downloaded. SVG and HTML are refused: both can carry scripts. The file is
stored under a random name; the original name is cleaned and kept only for display and download.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_FILE_BYTES = 10 * 1024 * 1024
_OFFICE = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The content type the bytes prove, or None when they are not something we accept."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        if "[Content_Types].xml" in names:
            for prefix, content_type in _OFFICE.items():
                if any(n.startswith(prefix) for n in names):
                    return content_type
        return None
    return "text/plain" if _is_plain_text(upload) else None


def _is_plain_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    sample = upload.read(64 * 1024)
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    lowered = text.lower()
    # Text that a browser could take for a page is refused even as a download.
    return not any(tag in lowered for tag in ("<script", "<html", "<svg", "<iframe", "<!doctype"))


def clean_name(name: str) -> str:
    """A file name fit for display and Content-Disposition: no path, no control or markup characters."""
    name = unicodedata.normalize("NFKC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f<>\"'`;&|]", "", name).strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 110] + dot + ext[:9]) if dot else name[:120]
    return name or "file"


def check_upload(upload: UploadedFile, *, images_only: bool = False) -> CheckedFile:
    """The upload's cleaned name and proven type; ValidationError with a clear message otherwise."""
    if upload is None or not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large: at most %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20},
                              code="too_large")
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type is None or (images_only and not content_type.startswith("image/")):
        raise ValidationError(
            _("This kind of file is not accepted. Use an image (PNG, JPEG, GIF, WebP), a PDF, a Word, "
              "Excel or PowerPoint file, or plain text."), code="type")
    if content_type.startswith("image/") and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is too large: at most %(mb)s MB.") % {"mb": MAX_IMAGE_BYTES // 2**20},
                              code="too_large")
    return CheckedFile(name=clean_name(upload.name), content_type=content_type, size=upload.size)
