"""Forms of the intake flow: the upload, and the draft with every extracted field.

The draft is one main form and three formsets (consultation sequence, resolution items,
status per item). Fields the extractor is unsure about carry ``uncertain`` so that the
template marks them ("bitte prüfen") and links the mark with ``aria-describedby``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.forms import check_upload_size, date_field
from sozialplanung.core.models import Office
from sozialplanung.core.visibility import Visibility
from sozialplanung.council.models import Consultation, Paper, StatusReport

ACCEPTED_SUFFIXES = (".txt", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")

DOC_TYPES = [
    ("vorlage", _("administration paper (Vorlage)")),
    ("beschlussausfertigung", _("resolution copy (Beschlussausfertigung)")),
    ("antrag", _("motion (Antrag)")),
    ("beschlusskontrolle", _("status letter (Beschlusskontrolle)")),
    ("other", _("other document")),
]

# As documents print them (and as the extractor returns them) -> stored values.
STATUS_WORDS = {
    "umgesetzt": StatusReport.Status.DONE,
    "in umsetzung": StatusReport.Status.IN_PROGRESS,
    "in der umsetzung": StatusReport.Status.IN_PROGRESS,
    "wird berücksichtigt": StatusReport.Status.CONSIDERED,
    "nicht umgesetzt": StatusReport.Status.NOT_DONE,
    "erledigt": StatusReport.Status.SUPERSEDED,
    "zurückgestellt": StatusReport.Status.DEFERRED,
}
ROLE_WORDS = {
    "beratend": Consultation.Role.ADVISORY,
    "1. lesung": Consultation.Role.FIRST_READING,
    "federführend": Consultation.Role.LEAD,
    "(federführend)": Consultation.Role.LEAD,
    "beschließend": Consultation.Role.DECIDING,
    "vorberatend": Consultation.Role.PRELIMINARY,
    "kenntnisnahme": Consultation.Role.NOTICE,
    "zur kenntnisnahme": Consultation.Role.NOTICE,
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Document"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per form, in the reader's language: a lazy text formatted in the
        # class body is fixed in the language active at import.
        self.fields["file"].help_text = gettext(
            "A council paper, resolution or status letter as text (.txt), PDF, or a scan "
            "(PNG, JPEG, TIFF); at most %(mb)s MB."
        ) % {"mb": settings.MAX_UPLOAD_MB}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                gettext("Please upload a text file, a PDF or an image (PNG, JPEG, TIFF).")
            )
        check_upload_size(upload)
        return upload


class UncertainMixin:
    """Marks fields whose path (``reference``, ``items.1.text``) is in ``uncertain``."""

    # form field name -> path of the extracted field
    paths: dict[str, str] = {}
    group = ""

    def mark(self, uncertain: set[str], index: int | None = None) -> None:
        self.uncertain: set[str] = set()
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            path = self.paths.get(name, name)
            full = f"{self.group}.{index}.{path}" if self.group else path
            candidates = {full, full.split(".")[0]}
            if self.group:
                candidates.add(f"{self.group}.{index}")
            auto_id = self[name].auto_id  # type: ignore[index]
            described = [f"{auto_id}-help"] if field.help_text else []
            if candidates & uncertain:
                self.uncertain.add(name)
                described.insert(0, f"{auto_id}-check")
                field.widget.attrs["class"] = (
                    field.widget.attrs.get("class", "") + " uncertain"
                ).strip()
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


def _optional_date(label: Any) -> forms.DateField:
    return date_field(label, required=False)


class DraftForm(UncertainMixin, forms.Form):
    paths = {
        "votes_yes": "vote.yes",
        "votes_no": "vote.no",
        "votes_abstain": "vote.abstain",
    }

    doc_type = forms.ChoiceField(label=_("Kind of document"), choices=DOC_TYPES)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=50,
        help_text=_("As printed, e.g. V2696/24 or VI-A-05385"),
    )
    paper_kind = forms.ChoiceField(label=_("Kind of paper"), choices=Paper.Kind.choices)
    date = _optional_date(_("Date of the document"))
    session = forms.CharField(
        label=_("Session number"),
        max_length=50,
        required=False,
        help_text=_("e.g. SR/063/2024"),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submitter = forms.CharField(label=_("Submitted by"), max_length=300, required=False)
    resolution_date = _optional_date(_("Date of the resolution"))
    next_control_date = date_field(
        _("Next control date"),
        required=False,
        help_text=_("DD.MM.YYYY; used for every item without its own date"),
    )
    votes_yes = forms.IntegerField(label=_("Votes yes"), min_value=0, required=False)
    votes_no = forms.IntegerField(label=_("Votes no"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        help_text=_("Applies to the paper and resolution when they are created."),
    )
    office = forms.ModelChoiceField(
        label=_("Reporting office"),
        queryset=Office.objects.none(),
        required=False,
        help_text=_("The office the status letter comes from; stored with each status report."),
    )

    def __init__(
        self,
        *args: Any,
        municipality: Any,
        uncertain: set[str],
        needs_resolution_date: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(municipality=municipality)
        # A field is marked required exactly when confirming would refuse it empty:
        # a status letter's date is the date of its status reports, and a resolution
        # that does not exist yet needs its date.
        doc_type = (self.data.get("doc_type") if self.is_bound else None) or self.initial.get(
            "doc_type"
        )
        if doc_type == "beschlusskontrolle":
            self._require(
                "date", _("Give the date of the document: it is the date of the status reports.")
            )
        if needs_resolution_date:
            self._require(
                "resolution_date",
                _("Give the date of the resolution: there is no resolution on this paper yet."),
            )
        self.mark(uncertain)

    def _require(self, name: str, message: Any) -> None:
        field = self.fields[name]
        field.required = True
        field.error_messages["required"] = message

    def clean_reference(self) -> str:
        return " ".join(self.cleaned_data["reference"].split())


class ConsultationForm(UncertainMixin, forms.Form):
    group = "consultations"
    body = forms.CharField(label=_("Body"), max_length=300)
    date = _optional_date(_("Date"))
    public = forms.BooleanField(label=_("public"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "–"), *Consultation.Role.choices])


class ItemForm(UncertainMixin, forms.Form):
    group = "items"
    number = forms.CharField(label=_("Number"), max_length=10)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class ItemStatusForm(UncertainMixin, forms.Form):
    """One point's status. ``initial["evidence"]`` is the sentence of the document that
    decided the status; the template shows it beside the status (it is not stored)."""

    group = "item_status"
    number = forms.CharField(label=_("Item"), max_length=10)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "–"), *StatusReport.Status.choices])
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_control_date = _optional_date(_("Next control date"))

    def mark(self, uncertain: set[str], index: int | None = None) -> None:
        super().mark(uncertain, index)
        if self.initial.get("status"):
            # The status select is described by the sentence it was read from.
            widget = self.fields["status"].widget
            ids = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"{ids} {self['status'].auto_id}-evidence".strip()


def _formset(form: type[forms.Form]) -> type[forms.BaseFormSet]:
    class Marked(forms.BaseFormSet):
        def __init__(self, *args: Any, uncertain: set[str], **kwargs: Any) -> None:
            self.uncertain_paths = uncertain
            super().__init__(*args, **kwargs)

        def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
            built = super()._construct_form(i, **kwargs)
            built.mark(self.uncertain_paths, i)  # type: ignore[attr-defined]
            return built

    return forms.formset_factory(form, formset=Marked, extra=1, can_delete=True)


ConsultationFormSet = _formset(ConsultationForm)
ItemFormSet = _formset(ItemForm)
ItemStatusFormSet = _formset(ItemStatusForm)


# --- From the extracted fields to the forms' initial values --------------------------------


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _word(value: Any, words: dict[str, str], values: list[str]) -> str:
    text = " ".join(str(value or "").split())
    if text in values:
        return text
    return words.get(text.lower(), "")


def paper_kind(doc_type: str, reference: str) -> str:
    if doc_type == "antrag" or (reference[:1] == "A" and reference[1:2].isdigit()):
        return Paper.Kind.ANTRAG
    return Paper.Kind.VORLAGE


def initial_values(fields: dict[str, Any], existing: Paper | None) -> dict[str, Any]:
    """The draft's initial values: main form, and a list per formset."""
    vote = fields.get("vote") or {}
    reference = fields.get("reference") or ""
    doc_type = fields.get("doc_type") or "other"
    consultations = [
        {
            "body": c.get("body") or "",
            "date": _date(c.get("date")),
            "public": bool(c.get("public")),
            "role": _word(c.get("role"), ROLE_WORDS, Consultation.Role.values),
        }
        for c in fields.get("consultations") or []
    ]
    deciding = [c["date"] for c in consultations if c["role"] == Consultation.Role.DECIDING]
    resolution_date = None
    if doc_type == "beschlussausfertigung":
        resolution_date = _date(fields.get("date"))
    elif deciding:
        resolution_date = deciding[-1]
    finished = {StatusReport.Status.DONE, StatusReport.Status.SUPERSEDED}
    overall = _date(fields.get("next_control_date"))
    statuses = []
    for s in fields.get("item_status") or []:
        status = _word(s.get("status"), STATUS_WORDS, StatusReport.Status.values)
        statuses.append(
            {
                # An unnumbered resolution has one point: it is stored as point 1.
                "number": str(s.get("number") or "1"),
                "status": status,
                "evidence": s.get("evidence") or "",
                "narrative": s.get("narrative") or "",
                "next_control_date": _date(s.get("next_control_date"))
                or (overall if status not in finished else None),
            }
        )
    main = {
        "doc_type": doc_type,
        "reference": reference,
        "paper_kind": existing.kind if existing else paper_kind(doc_type, reference),
        "date": _date(fields.get("date")),
        "session": fields.get("session") or "",
        "subject": fields.get("subject") or (existing.name if existing else ""),
        "submitter": fields.get("submitter") or "",
        "resolution_date": resolution_date,
        "next_control_date": overall,
        "votes_yes": vote.get("yes"),
        "votes_no": vote.get("no"),
        "votes_abstain": vote.get("abstain"),
        "visibility": existing.visibility if existing else Visibility.PUBLIC,
        "office": existing.responsible_office_id if existing else None,
    }
    items = [
        {"number": str(i.get("number") or "1"), "text": i.get("text") or ""}
        for i in fields.get("items") or []
    ]
    return {"main": main, "consultations": consultations, "items": items, "statuses": statuses}
