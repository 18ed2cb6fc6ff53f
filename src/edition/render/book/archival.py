"""What makes the book a release's archival PDF: PDF/A-3b, PDF/UA-1 tags, attached sources.

In: the release (:class:`Archival`: its date, whether to tag, the files to
attach) and the joined book's document information. Out: what the archival
book says of itself: the XMP metadata packet, its dates, its file
identifier. The parts are typeset as :data:`PDF_A` (``parts.PdfKind``);
``join.py`` writes all this into the joined book's objects.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

PDF_A = "pdf/a-3b"
"""WeasyPrint's name of the archival variant: PDF/A-3b, which may carry attached files."""


@dataclass(frozen=True)
class Attachment:
    """A file attached to the archival PDF as an associated file of the document."""

    name: str
    """Its path relative to the project, with ``/``: ``sources/alpha/ru.md``."""
    data: bytes
    mime: str
    relationship: str = "Source"
    """How it relates to the document (PDF/A-3 ``AFRelationship``)."""


@dataclass(frozen=True)
class Archival:
    """What makes the book a release's archival PDF: PDF/A-3b, tags, attached sources."""

    date: str
    """The release date (YYYY-MM-DD): the document's and the attachments' dates."""
    tagged: bool = False
    """Add PDF/UA-1 structure tags."""
    attachments: tuple[Attachment, ...] = ()


XMP_NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}

PDFUA_EXTENSION = """  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""
"""PDF/A allows only the XMP schemas it names, or those declared: pdfuaid is declared."""


def pdf_date(day: str) -> str:
    """``2026-01-15`` as a PDF date, midnight UTC; 1980-01-01 when there is no date."""
    return "D:" + (day or "1980-01-01").replace("-", "") + "000000Z"


def file_identifier(archival: Archival, info: dict[str, str], inputs: list[bytes]) -> bytes:
    """The file identifier, derived from the content: the PDFs joined (``inputs``), the
    attachments and the document information (the same inputs give the same bytes)."""
    digest = hashlib.sha256()
    for data in [*inputs, *(a.name.encode() + b"\0" + a.data for a in archival.attachments), repr(sorted(info.items())).encode()]:
        digest.update(hashlib.sha256(data).digest())
    return digest.digest()[:16]


def xmp_packet(info: dict[str, str], archival: Archival) -> str:
    """The XMP metadata packet: the PDF/A (and PDF/UA) identification and the document
    information, each property equal to its entry in the information dictionary."""
    from xml.sax.saxutils import escape

    when = (archival.date or "1980-01-01") + "T00:00:00Z"
    ns = XMP_NAMESPACES

    def description(prefix: str, body: str) -> str:
        return f'  <rdf:Description rdf:about="" xmlns:{prefix}="{ns[prefix]}">\n{body}  </rdf:Description>\n'

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    dc = "   <dc:format>application/pdf</dc:format>\n"
    if "/Title" in info:
        dc += f"   <dc:title>{alt(info['/Title'])}</dc:title>\n"
    if "/Author" in info:
        dc += f"   <dc:creator><rdf:Seq><rdf:li>{escape(info['/Author'])}</rdf:li></rdf:Seq></dc:creator>\n"
    if "/Subject" in info:
        dc += f"   <dc:description>{alt(info['/Subject'])}</dc:description>\n"
    pdf = "".join(f"   <pdf:{key[1:]}>{escape(info[key])}</pdf:{key[1:]}>\n" for key in ("/Producer", "/Keywords") if key in info)
    xmp = f"   <xmp:CreateDate>{when}</xmp:CreateDate>\n   <xmp:ModifyDate>{when}</xmp:ModifyDate>\n   <xmp:MetadataDate>{when}</xmp:MetadataDate>\n"
    if "/Creator" in info:
        xmp += f"   <xmp:CreatorTool>{escape(info['/Creator'])}</xmp:CreatorTool>\n"
    identification = description("pdfaid", "   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n")
    if archival.tagged:
        identification += PDFUA_EXTENSION + description("pdfuaid", "   <pdfuaid:part>1</pdfuaid:part>\n")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        f' <rdf:RDF xmlns:rdf="{ns["rdf"]}">\n'
        + identification
        + description("dc", dc)
        + description("pdf", pdf)
        + description("xmp", xmp)
        + " </rdf:RDF>\n</x:xmpmeta>\n"
        + '<?xpacket end="r"?>'
    )
