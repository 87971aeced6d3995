"""Council actions: who may write what, the audit trail, letters assembled and frozen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sozialplanung.core.models import AuditEntry, User
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council import actions
from sozialplanung.council.actions import ConsultationRecord, ItemRecord, LetterReleased
from sozialplanung.council.models import (
    Body,
    Consultation,
    Paper,
    ResolutionItem,
    StatusLetter,
    StatusReport,
)
from tests.conftest import TEST

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 9, 1)
NEXT = dt.date(2026, 3, 31)


@pytest.fixture
def fachamt(users, offices):
    """The Fachamt test user works in the Sozialamt, the office of V2696/24's items."""
    user = users[Role.FACHAMT]
    user.office = offices["sozialamt"]
    user.save()
    return user


def trail(instance):
    return AuditEntry.objects.filter(model=instance._meta.label, object_id=str(instance.pk))


def report(item, user, **kw):
    values = {
        "date": DAY,
        "status": StatusReport.Status.IN_PROGRESS,
        "narrative": "Die Trägerversammlung hat die Prioritäten beschlossen.",
        "next_control_date": NEXT,
    }
    values.update(kw)
    return actions.record_status_report(item, acting_user=user, **values)


# --- Who may report --------------------------------------------------------------------


def test_fachamt_of_the_responsible_office_records_a_report_with_audit(v2696, fachamt):
    item = v2696["items"][1]
    made = report(item, fachamt)
    assert made.author == fachamt
    assert made.office.name == "Sozialamt"
    entry = trail(made).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.user == fachamt
    assert entry.before is None
    assert entry.after["status"] == StatusReport.Status.IN_PROGRESS
    assert entry.after["next_control_date"] == "2026-03-31"
    # Internal until published: so is its trail.
    assert entry.visibility == Visibility.NON_PUBLIC


def test_changing_an_open_report_records_before_and_after(v2696, fachamt):
    made = report(v2696["items"][1], fachamt)
    report(v2696["items"][1], fachamt, report=made, status=StatusReport.Status.DONE)
    entry = trail(made).filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.before["status"] == StatusReport.Status.IN_PROGRESS
    assert entry.after["status"] == StatusReport.Status.DONE
    assert StatusReport.objects.filter(item=v2696["items"][1]).count() == 2


@pytest.mark.parametrize("role", [Role.SOZIALPLANUNG, Role.ADMIN])
def test_planning_unit_and_admin_may_report(v2696, users, role):
    assert report(v2696["items"][0], users[role]).pk


@pytest.mark.parametrize("role", [Role.TRAEGER, Role.STADTRAT])
def test_other_roles_may_not_report(v2696, users, role):
    with pytest.raises(PermissionDenied):
        report(v2696["items"][0], users[role])
    assert not AuditEntry.objects.filter(model="council.StatusReport").exists()


def test_fachamt_of_another_office_may_not_report(v2696, users, offices):
    user = users[Role.FACHAMT]
    user.office = offices["gb5"]
    user.save()
    with pytest.raises(PermissionDenied):
        report(v2696["items"][0], user)


def test_fachamt_without_office_and_anonymous_may_not_report(v2696, users):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        report(v2696["items"][0], users[Role.FACHAMT])
    with pytest.raises(PermissionDenied):
        report(v2696["items"][0], AnonymousUser())


def test_planner_of_another_municipality_may_not_report(v2696):
    from sozialplanung.core.actions import create_municipality

    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    planner = User.objects.create_user(
        "planung-anderswo", role=Role.SOZIALPLANUNG, municipality=other
    )
    with pytest.raises(PermissionDenied):
        report(v2696["items"][0], planner)


def test_report_on_a_confidential_item_is_audited_as_confidential(secret_papers, users):
    item = secret_papers[Visibility.CONFIDENTIAL]["item"]
    made = report(item, users[Role.SOZIALPLANUNG])
    assert trail(made).get().visibility == Visibility.CONFIDENTIAL
    assert not AuditEntry.objects.visible_to(None).filter(object_id=str(made.pk)).exists()


# --- Letters ---------------------------------------------------------------------------


def test_letter_collects_the_newest_report_of_each_item(v2696, fachamt, users):
    items = v2696["items"]
    old = StatusReport.objects.get(item=items[1])
    newer = report(items[1], fachamt, next_control_date=dt.date(2025, 12, 31))
    letter = actions.draft_status_letter(
        v2696["resolution"],
        date=DAY,
        acting_user=users[Role.SOZIALPLANUNG],
        file_reference="GB 5",
        sender="Geschäftsbereich Arbeit, Soziales, Gesundheit und Wohnen",
        addressees="An alle Fraktionen sowie Mitglieder des Stadtrates",
    )
    in_letter = {r.item.number: r for r in letter.reports.all()}
    assert set(in_letter) == {"1", "2", "3"}
    assert in_letter["2"] == newer
    old.refresh_from_db()
    assert old.letter is None
    # the earliest next control date of the reports in the letter
    assert letter.next_control_date == dt.date(2025, 9, 30)
    assert letter.state == StatusLetter.State.DRAFT
    assert trail(letter).get().action == AuditEntry.Action.CREATE


def test_drafting_again_updates_the_one_draft(v2696, fachamt, users):
    planner = users[Role.SOZIALPLANUNG]
    first = actions.draft_status_letter(v2696["resolution"], date=DAY, acting_user=planner)
    newer = report(v2696["items"][0], fachamt, status=StatusReport.Status.DONE)
    second = actions.draft_status_letter(v2696["resolution"], date=DAY, acting_user=planner)
    assert first.pk == second.pk
    assert StatusLetter.objects.count() == 1
    assert second.reports.filter(item=v2696["items"][0]).get() == newer


@pytest.mark.parametrize("role", [Role.FACHAMT, Role.STADTRAT, Role.TRAEGER])
def test_only_the_planning_unit_drafts_and_releases(v2696, users, role):
    with pytest.raises(PermissionDenied):
        actions.draft_status_letter(v2696["resolution"], date=DAY, acting_user=users[role])
    letter = actions.draft_status_letter(
        v2696["resolution"], date=DAY, acting_user=users[Role.SOZIALPLANUNG]
    )
    with pytest.raises(PermissionDenied):
        actions.release_status_letter(letter, acting_user=users[role])


def test_released_letter_is_frozen(v2696, fachamt, users):
    planner = users[Role.SOZIALPLANUNG]
    letter = actions.draft_status_letter(v2696["resolution"], date=DAY, acting_user=planner)
    released = actions.release_status_letter(letter, acting_user=planner)
    assert released.state == StatusLetter.State.RELEASED
    assert released.released_by == planner and released.released_at is not None
    entry = trail(letter).filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.before["state"] == StatusLetter.State.DRAFT
    assert entry.after["state"] == StatusLetter.State.RELEASED

    frozen = letter.reports.get(item=v2696["items"][1])
    with pytest.raises(LetterReleased):
        report(v2696["items"][1], fachamt, report=frozen, status=StatusReport.Status.DONE)
    frozen.refresh_from_db()
    assert frozen.status == StatusReport.Status.IN_PROGRESS
    # releasing twice changes nothing
    count = AuditEntry.objects.count()
    actions.release_status_letter(letter, acting_user=planner)
    assert AuditEntry.objects.count() == count
    # with nothing new reported, there is nothing to draft
    with pytest.raises(ValidationError):
        actions.draft_status_letter(v2696["resolution"], date=DAY, acting_user=planner)
    # a new report starts the next letter, the released one keeps its reports
    report(v2696["items"][1], fachamt)
    nxt = actions.draft_status_letter(v2696["resolution"], date=DAY, acting_user=planner)
    assert nxt.pk != letter.pk
    assert letter.reports.count() == 3 and nxt.reports.count() == 1


# --- Papers, bodies, resolutions: idempotent upserts -----------------------------------


def test_save_paper_with_consultations_is_idempotent(municipality, offices, users):
    planner = users[Role.SOZIALPLANUNG]
    council = actions.save_body(
        municipality, "Stadtrat", kind=Body.Kind.COUNCIL, acting_user=planner
    )
    committee = actions.save_body(
        municipality, "Ausschuss für Soziales und Wohnen", acting_user=planner
    )
    steps = [
        ConsultationRecord(committee, dt.date(2024, 4, 23), False, Consultation.Role.FIRST_READING),
        ConsultationRecord(council, dt.date(2024, 6, 13), True, Consultation.Role.DECIDING),
    ]

    def save(**kw):
        return actions.save_paper(
            municipality,
            "V2696/24",
            name="Fachkonzept sonstiger sozialer Angebote",
            responsible_office=offices["gb5"],
            consultations=kw.pop("consultations", steps),
            acting_user=planner,
            **kw,
        )

    paper = save()
    entries = AuditEntry.objects.count()
    assert save().pk == paper.pk
    assert AuditEntry.objects.count() == entries
    assert [c.body.name for c in paper.consultations.all()] == [committee.name, "Stadtrat"]

    save(visibility=Visibility.NON_PUBLIC, consultations=steps[:1])
    assert Paper.objects.count() == 1
    assert paper.consultations.count() == 1
    entry = trail(paper).filter(action=AuditEntry.Action.UPDATE).first()
    assert entry.before["visibility"] == Visibility.PUBLIC
    assert entry.after["visibility"] == Visibility.NON_PUBLIC
    assert entry.visibility == Visibility.NON_PUBLIC


def test_save_resolution_with_items(v2696, offices, users):
    planner = users[Role.SOZIALPLANUNG]
    resolution = actions.save_resolution(
        v2696["paper"],
        date=dt.date(2024, 6, 13),
        meeting=v2696["meeting"],
        items=[
            ItemRecord("1", "Der Stadtrat beschließt …", offices["gb5"]),
            ItemRecord("4", "Neuer Punkt", offices["sozialamt"]),
        ],
        acting_user=planner,
    )
    assert resolution.pk == v2696["resolution"].pk
    assert (
        ResolutionItem.objects.get(resolution=resolution, number="1").responsible_office
        == (offices["gb5"])
    )
    # items 2 and 3 keep their history
    assert resolution.items.count() == 4
    item1 = resolution.items.get(number="1")
    entry = trail(item1).get()
    assert entry.after["responsible_office_id"] == offices["gb5"].pk


@pytest.mark.parametrize("role", [Role.FACHAMT, Role.STADTRAT])
def test_only_planners_change_council_data(municipality, users, role):
    with pytest.raises(PermissionDenied):
        actions.save_body(municipality, "Stadtrat", acting_user=users[role])
