"""Text clean-up: whitespace, words broken across lines, typical OCR damage.

Conservative by design: a repair that could change a correct word is not made.

* Whitespace: non-breaking and odd spaces become spaces, runs of spaces collapse, trailing
  spaces go, soft hyphens and bold markers (``**``) vanish.
* Words broken across lines: "Dres-\\nden" and OCR's "Dres\\nden" (the hyphen lost) become
  "Dresden"; "Sozial-\\nund" stays "Sozial- und", "Corona-\\nPandemie" becomes
  "Corona-Pandemie". Without a dictionary, a line end without hyphen is joined only when
  the joined word occurs elsewhere in the document, or when the piece on the next line is
  no word on its own (it is not in the document's vocabulary nor a common German word)
  and the piece before it is no function word ("und", "zu", "der", …).
* OCR repairs (``OCR_FIXES``): whole words that Tesseract typically misreads in council
  letters, e.g. "Arbelt" → "Arbeit", "Welse" → "Weise"; "In"/"Im" in the middle of a
  sentence (after a word or comma, on the same or the next line) → "in"/"im".
"""

from __future__ import annotations

import re
from collections import Counter

#: Whole-word OCR misreadings seen in scanned council letters (wrong → right).
OCR_FIXES: dict[str, str] = {
    "Arbelt": "Arbeit",
    "Welse": "Weise",
    "Beschlusspunkl": "Beschlusspunkt",
    "Beschiusspunkt": "Beschlusspunkt",
    "Umsetzunq": "Umsetzung",
    "Oberburgermeister": "Oberbürgermeister",
    "Burgermeister": "Bürgermeister",
    "Landehauptstadt": "Landeshauptstadt",
    "Nachste": "Nächste",
    "nachste": "nächste",
}
#: Letter groups inside words that only OCR produces ("Sozialplanerlscher", "…erweiteruhgen").
OCR_INFIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<=[a-zäöü]er)lsch(?=e[rnsm]?\b)"), "isch"),
    (re.compile(r"(?<=[a-zäöü])uhg(?=en\b|\b)"), "ung"),
]

#: Function words: a line ending in one of these is never joined with the next line.
_FUNCTION_WORDS = """
    aber als am an auch auf aus bei beim bis bzw da dabei dafür damit dann das dass dem den
    der des die dies diese diesem diesen dieser dieses durch ein eine einem einen einer eines
    es für ggf hat haben ihr ihre im in ins ist ja kann können man mit nach nicht noch nur ob
    oder ohne sich sie sind so soll sollen sowie statt um und uns unter vom von wann war
    was weil welche welcher welches wenn wer werden wie wir wird wo zu zum zur zwischen über
    den einige neue soziale sozialen weitere andere einzelne einzelnen mehr viele
    sein seine bereits sehr
"""
FUNCTION_WORDS = set(_FUNCTION_WORDS.split())
#: Common lowercase words that stand alone (the second piece of a wrapped line is one of
#: these: it is a normal line break, not a broken word). Extended by the document's words.
_COMMON_WORDS = """
    allem allen alle beauftragt beschlossen geprüft gewährleistet jeweils möglich notwendig
    umgesetzt vorgelegt werden worden wurde wurden zusätzlich insbesondere erforderlich
    bisher derzeit weiterhin ebenfalls sowohl jedoch daher somit künftig gemäß entsprechend
"""
COMMON_WORDS = FUNCTION_WORDS | set(_COMMON_WORDS.split())

#: A lowercase piece with a verb prefix starts a word of its own ("vermieden", "gerecht").
_WORD_START = re.compile(r"^(ge|ver|be|er|ent|zer|hin|her|in|kon|an|auf|aus|ein|mit|nach)\w{4,}$")
#: A tail with a noun ending is a whole word ("Abhängigkeit", "Umsetzung").
_WORD_END = re.compile(r"(keit|heit|ung|schaft|pflege)$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def normalise_text(raw: str) -> str:
    """The document text with clean whitespace, joined words and OCR repairs; lines kept."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("**", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [repair_words(line) for line in lines]
    lines = dehyphenate(lines)
    text = "\n".join(lines)
    text = lowercase_midsentence(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def repair_words(line: str) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return OCR_FIXES.get(word, word)

    line = _WORD.sub(fix, line)
    for pattern, replacement in OCR_INFIXES:
        line = pattern.sub(replacement, line)
    return line


def lowercase_midsentence(text: str) -> str:
    # "Arbeit\nIn sachdienlicher", "Cotta Im Doppelhaushalt": In/Im after a letter or comma.
    return re.sub(
        r"(?<=[A-Za-zÄÖÜäöüß,]) ?(\n?)(In|Im)(?= [a-zäöüA-ZÄÖÜ])",
        lambda m: (" " if not m.group(1) else "\n") + m.group(2).lower(),
        text,
    )


def vocabulary(lines: list[str]) -> set[str]:
    return {w.lower() for line in lines for w in _WORD.findall(line)}


def dehyphenate(lines: list[str]) -> list[str]:
    """Join words broken across (at most one blank) line break; see the module doc."""
    vocab = vocabulary(lines)
    counts = Counter(w for line in lines for w in _WORD.findall(line))
    out = list(lines)
    i = 0
    while i < len(out):
        j = i + 1
        if j + 1 < len(out) and not out[j] and not out[i].endswith("-"):
            j += 1  # OCR puts a blank line inside paragraphs ("Zu\n\nsammenhang")
        if not out[i] or j >= len(out) or not out[j]:
            i += 1
            continue
        head, _, rest = out[j].partition(" ")
        joined = join_pieces(out[i], head, vocab, counts, blank_between=j > i + 1)
        if joined is not None:
            out[i] = joined
            if rest:
                out[j] = rest
            else:
                del out[j]
            if j > i + 1:
                del out[i + 1]  # the blank line inside the broken word
        i += 1
    return out


def join_pieces(
    line: str, head: str, vocab: set[str], counts: dict[str, int], *, blank_between: bool
) -> str | None:
    """The line with the next line's first word attached, or None to keep the break."""
    match = re.search(r"([A-Za-zÄÖÜäöüß]+)(-?)$", line)
    if not match or not head:
        return None
    tail, hyphen = match.group(1), match.group(2)
    head_word = re.match(r"[A-Za-zÄÖÜäöüß]+", head)
    if hyphen:
        if blank_between:
            return None
        if head[:1].isupper() or head[:1].isdigit():
            return line + head  # "Corona-\nPandemie"
        if head_word and head_word.group(0) in {"und", "oder", "bzw", "sowie"}:
            return line + " " + head  # "Sozial-\nund"
        if head_word:
            return line[:-1] + head  # "Dres-\nden"
        return None
    if not head_word or not head[:1].islower() or len(tail) < 2 or len(line.split()) < 3:
        return None  # a lost hyphen only in running text, not in a column of cells
    piece = head_word.group(0)
    whole = (tail + piece).lower()
    if whole in vocab:
        return line + head
    if tail in FUNCTION_WORDS or tail.isupper() or counts.get(tail, 0) > 1:
        return None  # "und\ndurchzuführen"; a tail found elsewhere is a whole word
    if piece in COMMON_WORDS or _WORD_START.match(piece) or _WORD_END.search(tail):
        return None  # "Abhängigkeit\nvermieden", "besser\ngerecht": two whole words
    return line + head
