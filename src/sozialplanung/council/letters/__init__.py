"""The status letter (Beschlusskontrolle zu …) as PDF and DOCX.

``build_letter_content`` reads a ``StatusLetter`` into plain data (a released letter from
the content stored at release); a renderer turns that into a file. Municipality-specific texts live in ``texts/`` (see its README).
"""

from .base import LetterRenderer
from .compose import build_letter_content
from .content import LetterContent
from .docx_renderer import DocxLetterRenderer
from .typst_renderer import TypstLetterRenderer

RENDERERS: dict[str, type[LetterRenderer]] = {
    "pdf": TypstLetterRenderer,
    "docx": DocxLetterRenderer,
}

__all__ = [
    "RENDERERS",
    "DocxLetterRenderer",
    "LetterContent",
    "LetterRenderer",
    "TypstLetterRenderer",
    "build_letter_content",
]
