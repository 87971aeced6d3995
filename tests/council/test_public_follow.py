"""The public can follow (issue 14, item 3): "Was wurde aus …?" pages, Atom feeds and
e-mail subscriptions, for resolutions published there (opt-in per municipality and per
resolution). The narrative, written for administration and council, never reaches the
public pages, feeds or mails; the public note does, once its report is published.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council import actions
from sozialplanung.council.models import Resolution, StatusReport
from sozialplanung.council.public import actions as public
from sozialplanung.council.public.models import Subscription, SubscriptionNotice
from sozialplanung.council.public.tasks import notify_subscribers
from tests.concurrency import post_fresh
from tests.conftest import TEST

pytestmark = pytest.mark.django_db

BASE = "/teststadt/was-wurde-aus"
PAGE = f"{BASE}/V2696-24/"
NARRATIVE = "Interner Sachstand KANARIE-INTERN-5e1a"
NOTE = "Die Fördervorlage ist beschlossen; drei Mittagstische öffnen im Frühjahr."
ADDRESS = "buergerin@example.org"


@pytest.fixture
def followed(v2696, municipality):
    public.set_public_resolution_control(municipality, True, acting_user=TEST)
    public.set_public_follow(v2696["resolution"], True, acting_user=TEST)
    return v2696


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as the planning unit does; what waits for the commit (queueing the mails)
    runs as after a commit: the test's own transaction never commits."""

    def do(report: StatusReport) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            actions.publish_status_report(report, acting_user=TEST)

    return do


def report_on(item, *, publish=None, note: str = NOTE) -> StatusReport:
    report = actions.record_status_report(
        item,
        date=dt.date(2025, 11, 17),
        status=StatusReport.Status.DONE,
        narrative=NARRATIVE,
        public_note=note,
        acting_user=TEST,
    )
    if publish:
        publish(report)
    return report


def confirmed(resolution, email: str = ADDRESS) -> Subscription:
    return Subscription.objects.create(
        resolution=resolution,
        email=email,
        requested_at=timezone.now(),
        confirmed_at=timezone.now() - dt.timedelta(minutes=1),
    )


def test_pages_and_feeds_show_the_public_note_and_never_the_narrative(followed, publish):
    report_on(followed["items"][2], publish=publish)
    client = Client()
    texts = {
        url: client.get(url).content.decode()
        for url in [
            f"{BASE}/",
            PAGE,
            f"{PAGE}punkt/3/",
            f"{BASE}/feed.atom",
            f"{PAGE}feed.atom",
        ]
    }
    assert all(NARRATIVE not in text for text in texts.values())
    assert NOTE in texts[PAGE] and NOTE in texts[f"{PAGE}punkt/3/"]
    assert "1 von 3 Punkten umgesetzt" not in texts[f"{BASE}/"]  # items 1 and 3 are done
    assert "2 von 3 Punkten umgesetzt" in texts[f"{BASE}/"]
    # The point page: decided text, timeline newest first (the letter's report after ours).
    timeline = re.findall(r'id="bericht-(\d+)"', texts[f"{PAGE}punkt/3/"])
    assert len(timeline) == 2
    entries = atom_entries(texts[f"{BASE}/feed.atom"])
    assert len(entries) == 4  # the three reports of October 2024 and the new one
    newest = entries[0]
    assert newest["title"] == "V2696/24, Punkt 3: umgesetzt"
    assert "Stand vom 17.11.2025" in newest["summary"] and NOTE in newest["summary"]
    assert "/was-wurde-aus/V2696-24/punkt/3/#bericht-" in newest["link"]
    assert [e["title"] for e in atom_entries(texts[f"{PAGE}feed.atom"])] == [
        e["title"] for e in entries
    ]


def atom_entries(feed: str) -> list[dict[str, str]]:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ElementTree.fromstring(feed)
    return [
        {
            "title": entry.findtext("a:title", namespaces=ns),
            "summary": entry.findtext("a:summary", namespaces=ns),
            "link": entry.find("a:link", ns).get("href"),
        }
        for entry in root.findall("a:entry", ns)
    ]


def test_what_is_not_published_is_neither_page_nor_feed_entry(followed, municipality):
    draft = report_on(followed["items"][0], note="Noch intern KANARIE-ENTWURF")
    client = Client()
    for url in (PAGE, f"{PAGE}punkt/1/", f"{BASE}/feed.atom", f"{PAGE}feed.atom"):
        assert "KANARIE-ENTWURF" not in client.get(url).content.decode(), url
    assert draft.published_at is None
    # A resolution the planning unit did not publish there: 404, no feed entry.
    public.set_public_follow(followed["resolution"], False, acting_user=TEST)
    assert client.get(PAGE).status_code == 404
    assert client.get(f"{PAGE}punkt/1/").status_code == 404
    assert client.get(f"{PAGE}feed.atom").status_code == 404
    assert "<entry>" not in client.get(f"{BASE}/feed.atom").content.decode()
    # A municipality that did not opt in: no list and no feed either.
    public.set_public_follow(followed["resolution"], True, acting_user=TEST)
    public.set_public_resolution_control(municipality, False, acting_user=TEST)
    for url in (f"{BASE}/", PAGE, f"{BASE}/feed.atom"):
        assert client.get(url).status_code == 404, url


def test_only_public_resolutions_one_per_paper_and_only_by_the_planning_unit(
    followed, secret_papers, users, municipality
):
    secret = secret_papers[Visibility.NON_PUBLIC]["resolution"]
    with pytest.raises(ValidationError):
        public.set_public_follow(secret, True, acting_user=TEST)
    second = Resolution.objects.get(pk=followed["resolution"].pk)
    second.pk = None
    second.date = dt.date(2024, 5, 28)
    second.save()
    with pytest.raises(ValidationError, match="bereits öffentlich"):
        public.set_public_follow(second, True, acting_user=TEST)
    with pytest.raises(PermissionDenied):
        public.set_public_follow(followed["resolution"], False, acting_user=users[Role.FACHAMT])
    fachamt = Client()
    fachamt.force_login(users[Role.FACHAMT])
    assert fachamt.post(f"{BASE}/einschalten/", {"public": "off"}).status_code == 403
    planner = Client()
    planner.force_login(users[Role.SOZIALPLANUNG])
    resolution = followed["resolution"]
    response = planner.post(f"{BASE}/beschluss/{resolution.pk}/einschalten/", {"public": "off"})
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.public_follow is False
    entry = AuditEntry.objects.filter(model="council.Resolution", object_id=str(resolution.pk))
    assert entry.latest("timestamp").user == users[Role.SOZIALPLANUNG]


def test_subscribe_confirm_and_one_mail_per_change(followed, publish, tasks_immediately, settings):
    settings.SITE_URL = "https://sozialplanung.example"
    client = Client()
    response = client.post(PAGE, {"email": "Buergerin@Example.org"}, follow=True)
    assert "Eine E-Mail mit einem Bestätigungslink" in response.content.decode()
    assert len(mail.outbox) == 1
    confirm = mail.outbox[0]
    assert confirm.to == [ADDRESS] and "Bitte bestätigen" in confirm.subject
    link = re.search(r"https://sozialplanung\.example(/\S+/bestaetigen/\S+/)", confirm.body)[1]
    assert "/abbestellen/" in confirm.extra_headers["List-Unsubscribe"]
    # Not subscribed before the link is confirmed (GET only shows the button).
    assert client.get(link).status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    report_on(followed["items"][0], publish=publish)
    assert len(mail.outbox) == 1
    client.post(link)
    assert Subscription.objects.get().confirmed_at is not None
    report = report_on(followed["items"][2], publish=publish)
    assert len(mail.outbox) == 2
    news = mail.outbox[1]
    assert news.to == [ADDRESS] and "Was wurde aus V2696/24?" in news.subject
    assert "Punkt 3: umgesetzt" in news.body and NOTE in news.body
    assert NARRATIVE not in news.body and NARRATIVE not in confirm.body
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://sozialplanung.example/teststadt/was-wurde-aus/abbestellen/" in news.body
    # A retried task, a second publication click: nothing twice.
    notify_subscribers.call(report.pk)
    publish(report)
    assert len(mail.outbox) == 2
    assert SubscriptionNotice.objects.count() == 1


def test_a_released_letter_is_one_change_one_mail(
    followed, tasks_immediately, django_capture_on_commit_callbacks
):
    confirmed(followed["resolution"])
    for item in followed["items"]:
        actions.record_status_report(
            item,
            date=dt.date(2025, 11, 17),
            status=StatusReport.Status.IN_PROGRESS,
            narrative=NARRATIVE,
            next_control_date=dt.date(2026, 6, 30),
            acting_user=TEST,
        )
    letter = actions.draft_status_letter(
        followed["resolution"], date=dt.date(2025, 11, 20), acting_user=TEST
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.release_status_letter(letter, acting_user=TEST)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert [n for n in ("Punkt 1:", "Punkt 2:", "Punkt 3:") if n in body] == [
        "Punkt 1:",
        "Punkt 2:",
        "Punkt 3:",
    ]
    assert NARRATIVE not in body


def test_unsubscribe_deletes_the_address_and_what_was_sent(followed, publish, tasks_immediately):
    subscription = confirmed(followed["resolution"])
    report_on(followed["items"][0], publish=publish)
    link = re.search(r"(/teststadt/was-wurde-aus/abbestellen/\S+/)", mail.outbox[0].body)[1]
    client = Client(enforce_csrf_checks=True)
    assert ADDRESS in client.get(link).content.decode()  # a mail scanner changes nothing
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    # One click from the mail program: a POST without a CSRF token (RFC 8058).
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists() and not SubscriptionNotice.objects.exists()
    assert "KANARIE" not in client.post(link).content.decode()
    report_on(followed["items"][2], publish=publish)
    assert len(mail.outbox) == 1


def test_subscription_requests_are_rate_limited(followed, tasks_immediately):
    client = Client()
    client.post(PAGE, {"email": ADDRESS})
    client.post(PAGE, {"email": ADDRESS})  # again within 15 minutes: no second mail
    assert len(mail.outbox) == 1
    for n in range(public.PER_CLIENT_PER_HOUR - 1):
        client.post(PAGE, {"email": f"person{n}@example.org"})
    response = client.post(PAGE, {"email": "noch-eine@example.org"})
    assert response.status_code == 429
    assert "Zu viele" in response.content.decode()
    assert response.context["form"]["email"].value() == "noch-eine@example.org"
    assert len(mail.outbox) == public.PER_CLIENT_PER_HOUR


def test_unconfirmed_requests_expire(followed):
    old = timezone.now() - public.CONFIRM_MAX_AGE - dt.timedelta(minutes=1)
    pending = Subscription.objects.create(
        resolution=followed["resolution"], email=ADDRESS, requested_at=old
    )
    token = public.confirmation_token(pending)
    assert public.confirm_subscription(token, now=timezone.now()) is not None  # still valid
    Subscription.objects.filter(pk=pending.pk).update(confirmed_at=None)
    public.request_subscription(followed["resolution"], "andere@example.org", client="x")
    assert not Subscription.objects.filter(email=ADDRESS).exists()


def test_the_fachamt_writes_the_public_note_in_the_report_form(followed, users, offices):
    fachamt = users[Role.FACHAMT]
    fachamt.office = offices["sozialamt"]
    fachamt.save()
    client = Client()
    client.force_login(fachamt)
    item = followed["items"][1]
    response = post_fresh(
        client,
        f"/teststadt/gremien/punkte/{item.pk}/bericht/",
        {
            "date": "17.11.2025",
            "status": "in_umsetzung",
            "narrative": NARRATIVE,
            "public_note": NOTE,
            "next_control_date": "31.03.2026",
        },
    )
    assert response.status_code == 302
    report = StatusReport.objects.get(narrative=NARRATIVE)
    assert report.public_note == NOTE and report.published_at is None
    assert NOTE not in Client().get(f"{PAGE}punkt/2/").content.decode()
