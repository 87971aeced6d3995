"""The status of one resolution item, from the sentences a status letter writes about it.

Letters state the status in many ways: as a label ("zu Beschlusspunkt 1: Der Beschlusspunkt
ist umgesetzt."), as a sentence closing the narrative after a quoted point ("Der
Beschlusspunkt ist damit erfüllt.", "… ist teilweise erfüllt.", "Dieser Beschlusspunkt wird
umgesetzt."), or only through what the narrative reports ("Der Kaufvertrag ist noch nicht
beurkundet."). ``decide`` returns the status with the sentence that decided it (the
evidence) and whether the decision is certain:

1. a sentence about the point, the resolution or its fulfilment with a status word
   (certain); the last such sentence wins, because letters close a narrative with it;
2. a sentence saying the administration does not pursue the point (certain);
3. a sentence reporting work still going on or only planned (uncertain: "in Umsetzung");
4. the letter's own framing: a "Zwischenstand" means the points are being implemented,
   an "abschließende Information" that they are done (uncertain).

Statuses are the printed words of ``STATUS_VALUES`` (the keys), mapped to the product's
``StatusReport.Status`` values by the draft form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Printed status -> value of ``StatusReport.Status``.
STATUS_VALUES = {
    "umgesetzt": "umgesetzt",
    "in Umsetzung": "in_umsetzung",
    "wird berücksichtigt": "wird_beruecksichtigt",
    "nicht umgesetzt": "nicht_umgesetzt",
    "erledigt": "erledigt",
    "zurückgestellt": "zurueckgestellt",
}

#: Status words in a sentence about the point (first match wins, so "nicht umgesetzt"
#: before "umgesetzt" and "teilweise erfüllt" before "erfüllt").
STATUS_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"nicht\s+(?:mehr\s+)?umgesetzt|nicht\s+umsetzbar", re.I), "nicht umgesetzt"),
    (re.compile(r"zurückgestellt", re.I), "zurückgestellt"),
    (re.compile(r"\berledigt\b|gegenstandslos", re.I), "erledigt"),
    (re.compile(r"(?:teilweise|nicht(?:\s+vollständig)?|noch\s+nicht(?:\s+vollständig)?)\s+(?:erfüllt|abgeschlossen)", re.I), "in Umsetzung"),
    (re.compile(r"in\s+(?:der\s+)?Umsetzung|in\s+Bearbeitung", re.I), "in Umsetzung"),
    # A standing duty that the administration observes: "Dieser Beschlusspunkt wird umgesetzt."
    (re.compile(r"berücksichtigt|beachtet|wird\s+(?:weiterhin\s+)?umgesetzt", re.I), "wird berücksichtigt"),
    (re.compile(r"\bumgesetzt\b|\berfüllt\b|abgeschlossen|Beschlusserfüllung\s+wurde", re.I), "umgesetzt"),
]  # fmt: skip
#: A sentence is about the point when it names it (OCR: "Beschiusspunkt", "ßeschluss").
_ABOUT_POINT = re.compile(
    r"[Bß]esch[li1]usspunkt|[Bß]esch[li1]uss\s+(?:ist|wurde|wird)\b|Beschlusserf\w*|"
    r"Erfüllungsstand|\bPunkt\s+\d|\bAuftrag\s+(?:ist|wurde)\b",
    re.I,
)
#: The administration does not pursue the point.
_DECLINED = re.compile(
    r"nicht\s+(?:mehr\s+)?(?:zielführend|erforderlich|angezeigt|weiter\s*verfolgt)|"
    r"keinen\s+Ein\w{1,2}uss|sieht\s+keine\b|(?<!Haushalt )eingestellt\s+(?:wurden|werden|worden)",
    re.I,
)
#: Work still going on or only planned.
_ONGOING = re.compile(
    r"\b(?:gegenwärtig|derzeit|aktuell|voraussichtlich|noch\s+nicht|noch\s+keine?|"
    r"weitere[rn]?\s+(?:Planungs|Abstimmung|Untersuchung|Prüfung)\w*|soll\w*\s+[^.]{0,80}erfolgen|"
    r"in\s+Vorbereitung|wird\s+geprüft|werden\s+geprüft)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")
#: A full stop that ends no sentence: an ordinal or a date ("vom 5. Januar"), a single
#: letter ("u. a.", "o. g.") or a common abbreviation.
_NO_END = re.compile(
    r"(?:\b\d{1,2}|\b\w|\b(?:Nr|Abs|bzw|ca|vgl|ggf|Dr|Str|bspw|bpsw|inkl|usw|etc|Mio|Tsd))\.$",
    re.I,
)


@dataclass(frozen=True)
class Decision:
    status: str | None
    evidence: str = ""
    certain: bool = False


def sentences(text: str) -> list[str]:
    result: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if result and _NO_END.search(result[-1]):
            result[-1] = f"{result[-1]} {piece}"
        elif piece.strip():
            result.append(piece.strip())
    return result


def phrase_status(sentence: str) -> str | None:
    for pattern, status in STATUS_PHRASES:
        if pattern.search(sentence):
            return status
    return None


def states_status(line: str) -> bool:
    """Does the line say, about the point, what its status is ("Der Beschlusspunkt ist
    erfüllt.")? Such a line is never resolution text."""
    return bool(_ABOUT_POINT.search(line)) and phrase_status(line) is not None


def decide(narrative: str, *, framing: str | None = None) -> Decision:
    """The status of a point from the narrative written about it (see the module doc).

    ``framing`` is the letter's own status for points it says nothing explicit about
    ("in Umsetzung" for a Zwischenstand, "umgesetzt" for a final letter) or None."""
    found = sentences(narrative)
    stated = [
        (sentence, status)
        for sentence in found
        if _ABOUT_POINT.search(sentence) and (status := phrase_status(sentence))
    ]
    if stated:
        sentence, status = stated[-1]
        return Decision(status, sentence, True)
    declined = [sentence for sentence in found if _DECLINED.search(sentence)]
    if declined:  # the last one: letters end their reasoning with the conclusion
        return Decision("nicht umgesetzt", declined[-1], True)
    for sentence in found:
        if _ONGOING.search(sentence):
            return Decision("in Umsetzung", sentence, False)
    if framing:
        return Decision(framing, "", False)
    return Decision(None)


def status_of(section: str) -> str | None:
    """The status stated in a "zu Beschlusspunkt N" block, or None."""
    decision = decide(section)
    if decision.certain:
        return decision.status
    # Under its own heading a block may state the status without naming the point.
    first = sentences(section)[:1]
    return phrase_status(first[0]) if first else None
