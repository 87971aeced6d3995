"""The Beratungsfolge (consultation sequence) in the layouts council systems print.

* As separate columns one after another (Dresden, sample 000; Leipzig, sample 003):
  first the bodies, then the dates, then öffentlich / nicht öffentlich, then the roles,
  possibly in several chunks. The n-th body goes with the n-th date, status and role.
* As lines or table rows (ALLRIS, SessionNet): each line holds body, date, role and
  status, separated by spaces, tabs or "|".

Roles are given as the values of ``Consultation.Role``; a role printed in brackets after
another ("1. Lesung (federführend)") is a note and does not replace it.
"""

from __future__ import annotations

import re
from typing import Any

from sozialplanung.intake.dates import find_dates

#: Printed role → Consultation.Role value (None: printed, but no role of the model).
ROLE_WORDS: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"^\(?\s*\d\.\s*Lesung\)?$", re.I), "1_lesung"),
    (re.compile(r"^\(?federf(?:ü|ue)hrend\)?$", re.I), "federfuehrend"),
    (re.compile(r"^\(?(?:beschlie(?:ß|ss)end|Entscheidung|Beschlussfassung)\)?$", re.I), "beschliessend"),
    (re.compile(r"^\(?(?:Vorberatung|vorberatend)\)?$", re.I), "vorberatend"),
    (re.compile(r"^\(?(?:beratend|Beratung|Anhörung)\)?$", re.I), "beratend"),
    (re.compile(r"^\(?(?:Kenntnisnahme|zur Kenntnis(?:nahme)?)\)?$", re.I), "kenntnisnahme"),
    (re.compile(r"^Verweisung in die Gremien$", re.I), None),
]  # fmt: skip
_ROLE_IN_LINE = re.compile(
    r"\b(\d\.\s*Lesung|federf(?:ü|ue)hrend|beschlie(?:ß|ss)end|Entscheidung|Beschlussfassung|"
    r"Vorberatung|vorberatend|beratend|Beratung|Anhörung|Kenntnisnahme|Verweisung in die Gremien)\b",
    re.I,
)
_PUBLIC = re.compile(r"^(nicht ?öffentlich|nichtöffentlich|öffentlich|Ö|N|NÖ|nö)$", re.I)
_PUBLIC_IN_LINE = re.compile(r"\b(nicht ?öffentlich|öffentlich)\b|(?<!\w)(NÖ|Ö|N)(?!\w)", re.I)
_HEADER = re.compile(
    r"^(Plandatum|Gremium|Sitzungstermin|voraussichtlicher|Zuständigkeit|Datum|Rolle|Status|"
    r"Sitzung|Beratung|Termin|TOP|Beratungsfolge.*)$",
    re.I,
)
_FULL_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")
_END = re.compile(
    r"^(Zuständig|Gegenstand|Betreff|Beschlussvorschlag|Beschluss|Sachverhalt|Begründung|"
    r"Kurzfassung|Beschlusstext|Finanzielle)\b",
    re.I,
)


def role_of(word: str) -> tuple[bool, str | None]:
    for pattern, value in ROLE_WORDS:
        if pattern.match(word.strip()):
            return True, value
    return False, None


def public_of(word: str) -> bool:
    return not re.match(r"^(nicht|N)", word.strip(), re.I)


def consultation_block(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if line.startswith("Beratungsfolge")), None)
    if start is None:
        return []
    block = []
    for line in lines[start + 1 :]:
        if _END.match(line):
            break
        block.append(line)
    return [line for line in block if line.strip()]


def extract_consultations(lines: list[str]) -> list[dict[str, Any]]:
    block = consultation_block(lines)
    if not block:
        return []
    in_lines = [
        line for line in block if find_dates(line) and len(re.sub(r"[\d.\s|]", "", line)) > 3
    ]
    if in_lines:
        return [row for line in in_lines if (row := parse_row(line))]
    return parse_columns(block)


def parse_columns(block: list[str]) -> list[dict[str, Any]]:
    bodies: list[str] = []
    dates: list[str] = []
    publics: list[bool] = []
    roles: list[str | None] = []
    for line in block:
        text = line.strip()
        if _HEADER.match(text) or text.lower().startswith("voraussichtlich"):
            continue
        if _FULL_DATE.match(text):
            found = find_dates(text)
            dates.append(found[0].date.isoformat())
        elif _PUBLIC.match(text):
            publics.append(public_of(text))
        elif (role := role_of(text))[0]:
            if text.startswith("(") and roles:
                continue  # "(federführend)" notes the role above
            roles.append(role[1])
        else:
            bodies.append(text)
    rows = []
    for index, body in enumerate(bodies):
        rows.append(
            {
                "body": body,
                "date": dates[index] if index < len(dates) else None,
                "public": publics[index] if index < len(publics) else None,
                "role": roles[index] if index < len(roles) else None,
            }
        )
    return rows


def parse_row(line: str) -> dict[str, Any] | None:
    found = find_dates(line)
    date = found[0].date.isoformat() if found else None
    rest = line
    for item in found:
        rest = rest.replace(line[item.start : item.end], " ")
    role_match = _ROLE_IN_LINE.search(rest)
    role = role_of(role_match.group(1))[1] if role_match else None
    if role_match:
        rest = rest.replace(role_match.group(0), " ")
    rest = re.sub(r"\(\s*\)", " ", rest)
    public_match = None
    for match in _PUBLIC_IN_LINE.finditer(rest):
        public_match = match
    public = public_of(public_match.group(0)) if public_match else None
    if public_match:
        rest = rest[: public_match.start()] + " " + rest[public_match.end() :]
    body = re.sub(r"\s+", " ", re.sub(r"[|\t]", " ", rest)).strip(" -–;,")
    if not body:
        return None
    return {"body": body, "date": date, "public": public, "role": role}
