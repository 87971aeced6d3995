"""The review queue: drafts grouped by paper into chains, and a chain confirmed at once.

A chain is every open draft with the same reference, in the order the paper's life
took: Antrag or Vorlage, then the Beschlussausfertigung, then the status letters by
date (a letter without a readable date last). The queue shows the chains with the most
fields to check first; a field to check is one the extractor marked uncertain, or a
field the chain needs that it left empty (see ``open_questions``).

``confirm_chain`` confirms a whole chain in one transaction through the draft page's own
forms and ``actions.confirm_draft`` (``review``): each draft as the draft page would
save it unchanged, in chain order, so that the Vorlage makes the paper and resolution
the letters report on. The queue's form carries the chain's draft ids as it was shown;
a chain that changed meanwhile (a draft confirmed, discarded or added by someone else)
is refused, and every draft's row lock (the single confirmation's) stops a second
confirmation of the same draft. Any problem rolls the whole chain back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser
from sozialplanung.core.models import Municipality
from sozialplanung.council.models import Paper

from .actions import DraftProblem, confirm_draft
from .forms import initial_values
from .models import IntakeDraft
from .review import draft_forms, unchanged_post

#: Position of a document kind in a paper's chain.
CHAIN_ORDER = {"antrag": 0, "vorlage": 0, "beschlussausfertigung": 1, "beschlusskontrolle": 2}
LETTER = "beschlusskontrolle"
RESOLUTION = "beschlussausfertigung"


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def document_date(draft: IntakeDraft) -> dt.date | None:
    return _date(draft.fields.get("date"))


def chain_key(draft: IntakeDraft) -> tuple[int, dt.date, str]:
    day = document_date(draft) or dt.date.max
    return (CHAIN_ORDER.get(draft.fields.get("doc_type") or "", 3), day, draft.file_name)


def open_questions(draft: IntakeDraft) -> list[str]:
    """The draft's fields to check: marked uncertain, or empty where the chain needs them."""
    fields = draft.fields
    found = set(draft.uncertain)
    if not fields.get("reference"):
        found.add("reference")
    if (fields.get("doc_type") or "other") == "other":
        found.add("doc_type")
    if fields.get("doc_type") == LETTER:
        if not fields.get("date"):
            found.add("date")
        for index, row in enumerate(fields.get("item_status") or []):
            if not row.get("status"):
                found.add(f"item_status.{index}.status")
    for index, row in enumerate(fields.get("consultations") or []):
        if not initial_values({"consultations": [row]}, None)["consultations"][0]["role"]:
            found.add(f"consultations.{index}.role")  # the form requires a role
    return sorted(found)


def _resolution_date_known(drafts: list[IntakeDraft], paper: Paper | None) -> bool:
    """Whether confirming the chain can date its resolution without help."""
    if paper is not None and paper.resolutions.filter(deleted=False).exists():
        return True
    return any(initial_values(d.fields, None)["main"]["resolution_date"] for d in drafts)


@dataclass
class Chain:
    reference: str
    drafts: list[IntakeDraft]
    paper: Paper | None = None
    questions: dict[int, list[str]] = field(default_factory=dict)

    @property
    def open_count(self) -> int:
        return sum(len(q) for q in self.questions.values())

    @property
    def token(self) -> str:
        """The chain as shown: its drafts' ids (the queue form posts it back)."""
        return token_of(self.drafts)


def token_of(drafts: list[IntakeDraft]) -> str:
    return ",".join(str(pk) for pk in sorted(d.pk for d in drafts))


def chains(municipality: Municipality) -> list[Chain]:
    """Every open draft of ``municipality`` in its chain; most fields to check first.

    Drafts without a reference form the chain "" (each needs its draft page)."""
    grouped: dict[str, list[IntakeDraft]] = {}
    for draft in IntakeDraft.objects.filter(municipality=municipality).defer("text"):
        grouped.setdefault((draft.fields.get("reference") or "").strip(), []).append(draft)
    papers = {
        p.reference: p
        for p in Paper.objects.filter(municipality=municipality, reference__in=list(grouped))
    }
    found = []
    for reference, drafts in grouped.items():
        chain = Chain(
            reference=reference,
            drafts=sorted(drafts, key=chain_key),
            paper=papers.get(reference),
            questions={d.pk: open_questions(d) for d in drafts},
        )
        if reference and not _resolution_date_known(chain.drafts, chain.paper):
            chain.questions[chain.drafts[0].pk].append("resolution_date")
        found.append(chain)
    found.sort(key=lambda c: (-c.open_count, c.reference or "~"))
    return found


class ChainProblem(Exception):
    """The chain cannot be confirmed as it stands; ``draft`` is the draft to correct."""

    def __init__(self, message: str, draft: IntakeDraft | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.draft = draft


def confirm_chain(
    municipality: Municipality, reference: str, *, token: str, acting_user: ActingUser
) -> Paper:
    """Confirm every draft of the chain ``reference`` in one transaction; the paper."""
    if not reference:
        raise ChainProblem(_("Documents without a reference are confirmed one by one."))
    with transaction.atomic():
        drafts = sorted(
            IntakeDraft.objects.select_for_update().filter(
                municipality=municipality, fields__reference=reference
            ),
            key=chain_key,
        )
        if not drafts or token_of(drafts) != token:
            raise ChainProblem(
                _(
                    "The documents of %(reference)s were changed meanwhile (confirmed, "
                    "discarded or added by someone else); nothing was saved. Please check "
                    "the chain again."
                )
                % {"reference": reference}
            )
        decided = any(d.fields.get("doc_type") == RESOLUTION for d in drafts)
        for draft in drafts:
            # with the Beschlussausfertigung in the chain, the Antrag or Vorlage before it
            # gives the paper; the resolution is the one the Ausfertigung says was decided
            only = decided and CHAIN_ORDER.get(draft.fields.get("doc_type") or "") == 0
            shown = draft_forms(draft, paper_only=only)
            bound = draft_forms(draft, unchanged_post(shown), paper_only=only)
            if not bound.is_valid():
                raise ChainProblem(_problem_text(draft, bound.errors()), draft)
            try:
                confirm_draft(draft, bound.reviewed(), acting_user=acting_user)
            except DraftProblem as exc:
                raise ChainProblem(_problem_text(draft, exc.messages), draft) from None
        return Paper.objects.get(municipality=municipality, reference=reference)


def _problem_text(draft: IntakeDraft, errors: list[str]) -> str:
    return _(
        "%(file)s cannot be saved as it was read: %(errors)s Please correct it on its draft "
        "page; nothing of the chain was saved."
    ) % {"file": draft.file_name, "errors": " ".join(errors)}
