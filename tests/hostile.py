"""Builders of broken and hostile files, shared by the regression tests and benchmarks/fuzz.py.

Each is the smallest reproducer of a failure found by issue 18's hostile inputs or by the fuzzer, made in code so
the bytes are reviewable.
"""

from __future__ import annotations

import io
import zipfile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def corrupt_deflate(data: bytes, member: str) -> bytes:
    """A zip whose named member's deflate stream is garbage (headers intact), so reading it raises zlib.error."""
    out = bytearray(data)
    start = out.index(member.encode()) + len(member)  # the local header's name; the compressed data follows
    for i in range(start, min(start + 10, len(out))):
        out[i] ^= 0x55
    return bytes(out)


def broken_odt() -> bytes:
    """155 bytes: an .odt whose compressed mimetype member does not inflate (a zlib error no reader caught)."""
    return corrupt_deflate(zip_bytes({"mimetype": ODT_MIMETYPE}), "mimetype")


def broken_class_zip(essay: bytes) -> bytes:
    """A class zip whose one essay's compressed data does not inflate."""
    return corrupt_deflate(zip_bytes({"amy.txt": essay}), "amy.txt")


def pdf_with_encrypt(encrypt: bytes) -> bytes:
    """A one-page PDF with a correct cross-reference table whose trailer names the given encryption dictionary."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length 16 >>\nstream\n" + bytes(range(16)) + b"\nendstream", encrypt]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, b"ab" * 16, b"ab" * 16, xref))
    return bytes(out)


def aes_pdf(revision: int) -> bytes:
    """A PDF encrypted with AES (revision 4: AES-128, 6: AES-256), which pypdf cannot open without a crypto library."""
    version, method, size = (4, b"AESV2", 32) if revision == 4 else (5, b"AESV3", 48)
    extra = (b" /OE <" + b"00" * 32 + b"> /UE <" + b"00" * 32 + b"> /Perms <" + b"00" * 16 + b">"
             if revision >= 5 else b"")
    return pdf_with_encrypt(
        b"<< /Filter /Standard /V %d /R %d /Length 128 /P -4 /O <%s> /U <%s>%s"
        b" /CF << /StdCF << /CFM /%s /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>"
        % (version, revision, b"00" * size, b"00" * size, extra, method))
