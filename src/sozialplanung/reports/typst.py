"""PDFs typeset by Typst (compiler and fonts come with the wheel), shared by all reports.

User text never becomes Typst markup: every piece goes in as a Typst string literal
(``#"…"``, see ``string``), in which only backslash, quote and line breaks need
escaping. A title containing ``*``, ``#``, ``$`` or ``]`` therefore prints as typed.
"""

from __future__ import annotations

import typst

# Libertinus Serif ships inside the typst wheel: no system fonts, same PDF everywhere.
FONT = "Libertinus Serif"


def string(text: str) -> str:
    """``text`` as a Typst string literal."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace("\t", " ")
    )
    return f'"{escaped}"'


def compile_pdf(source: str) -> bytes:
    pdf: bytes = typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True)
    return pdf
