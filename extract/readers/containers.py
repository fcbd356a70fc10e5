"""Checks on the containers around Office files before any library parses them.

.xlsx and .docx are zip archives of XML: a zip bomb (members that inflate a thousandfold) and XML
entity declarations (billion laughs, external entities reading local files) are refused here, so the
libraries never see them. Encrypted Office files are OLE compound documents; they are named here too.
"""
from __future__ import annotations

import io
import zipfile

import regex

from .base import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, InputError

_DOCTYPE = regex.compile(rb"<!DOCTYPE|<!ENTITY", regex.IGNORECASE)


def open_zip(data: bytes, path: str, what: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise InputError(f"{path}: damaged {what}: the zip container is broken or truncated ({exc})") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 2**20 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise InputError(f"{path}: refused: {info.filename} inflates {info.compress_size:,} bytes to "
                             f"{info.file_size:,} (a zip bomb?)")
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(f"{path}: refused: the {what} inflates to {total:,} bytes, more than the "
                         f"{MAX_UNZIPPED_BYTES:,} allowed (a zip bomb?)")
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            try:
                with archive.open(info) as fh:
                    head = fh.read(4096)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
                raise InputError(f"{path}: damaged {what}: member {info.filename} cannot be read ({exc})") from None
            if _DOCTYPE.search(head):
                raise InputError(f"{path}: refused: {info.filename} declares a DTD or XML entities, which Office "
                                 "files never do (an entity bomb or an external-entity attack?)")
    return archive


def zip_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names:
        try:
            mime = archive.read("mimetype")[:100].decode("ascii", "replace")
        except Exception:
            mime = ""
        if "opendocument" in mime:
            return "odf"
    return "zip"


def ole_kind(data: bytes) -> str:
    """What an OLE compound document holds, from the stream names in its directory."""
    names = _ole_names(data)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return "encrypted"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "WordDocument" in names:
        return "doc"
    return "ole"


def _ole_names(data: bytes) -> set[str]:
    try:
        from xlrd.compdoc import CompDoc

        doc = CompDoc(data, logfile=io.StringIO())
        return {d.name for d in doc.dirlist}
    except Exception:
        # the directory entries are UTF-16 names; look for the ones that matter directly
        return {n for n in ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument")
                if n.encode("utf-16-le") in data}
