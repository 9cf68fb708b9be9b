"""Checking a meeting's attachment: an allowed type (by its first bytes, not only its name) and size."""

from dataclasses import dataclass

MAX_BYTES = 10 * 2**20
ZIP = b"PK\x03\x04"
# Suffix -> (stored content type, how the file must start).
ALLOWED = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


class AttachmentError(ValueError):
    """``reason`` is "type", "content", "size" or "empty"."""

    def __init__(self, reason: str, filename: str):
        super().__init__(f"{filename}: {reason}")
        self.reason, self.filename = reason, filename


def check_attachment(filename: str, data: bytes) -> CheckedFile:
    name = (filename or "attachment").replace("\\", "/").rsplit("/", 1)[-1][:255]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ALLOWED:
        raise AttachmentError("type", name)
    if not data:
        raise AttachmentError("empty", name)
    if len(data) > MAX_BYTES:
        raise AttachmentError("size", name)
    content_type, magic = ALLOWED[suffix]
    if not data.startswith(magic):
        raise AttachmentError("content", name)
    return CheckedFile(name, content_type, data)
