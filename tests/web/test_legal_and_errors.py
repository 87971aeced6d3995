"""Legal footer pages, the accessibility feedback form, and the error pages in the
site's layout and in German (issue 16, items 2 and 4)."""

from __future__ import annotations

from django.core import mail
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role
from sozialplanung.web.models import AccessibilityFeedback, LegalText

LAYOUT = 'href="#inhalt"'  # the skip link: the page is in the site's layout


def test_footer_links_the_legal_pages_with_default_texts(client, db):
    home = client.get("/").content.decode()
    for slug, title in [
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutz"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ]:
        assert f'href="/rechtliches/{slug}/"' in home
        page = client.get(f"/rechtliches/{slug}/").content.decode()
        assert f"<h1>{title}</h1>" in page
        assert "noch nicht angepasst" in page
    assert 'data-testid="feedback-form"' in page  # the last one: the statement


def test_administrators_text_replaces_the_default(client, db):
    LegalText.objects.create(kind="impressum", text="Landeshauptstadt Musterstadt\n\nAmt 50")
    page = client.get("/rechtliches/impressum/").content.decode()
    assert "<p>Landeshauptstadt Musterstadt</p>" in page and "<p>Amt 50</p>" in page
    assert "noch nicht angepasst" not in page


def test_feedback_is_stored_mailed_and_confirmed(
    client, db, settings, tasks_immediately, django_capture_on_commit_callbacks
):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrieren@example.invalid"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/rechtliches/barrierefreiheit/meldung/",
            {
                "message": "Die Karte ist mit der Tastatur nicht bedienbar.",
                "page_url": "/dresden/karte/",
            },
            follow=True,
        )
    assert "Vielen Dank. Ihre Meldung ist eingegangen" in response.content.decode()
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/dresden/karte/" and feedback.mailed is not None
    (sent,) = mail.outbox
    assert sent.to == ["barrieren@example.invalid"]
    assert "Die Karte ist mit der Tastatur nicht bedienbar." in sent.body
    # The visitor's report is personal data: its trail entry is for administrators only.
    assert AuditEntry.objects.get(model="web.AccessibilityFeedback").visibility == "vertraulich"


def test_feedback_without_message_says_so_and_keeps_the_input(client, db):
    response = client.post(
        "/rechtliches/barrierefreiheit/meldung/", {"message": "", "name": "Erika Muster"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in body
    assert 'value="Erika Muster"' in body
    assert not AccessibilityFeedback.objects.exists()


def test_not_found_page_is_german_and_in_the_layout(client, db):
    response = client.get("/gibt-es-nicht/auch-nicht/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in body and LAYOUT in body
    assert "Not Found" not in body


def test_forbidden_page_names_the_reason(client_for, municipality):
    response = client_for(Role.FACHAMT).get("/teststadt/import/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Zugriff verweigert</h1>" in body and LAYOUT in body
    assert "Nur die Sozialplanung darf Daten importieren." in body


def test_csrf_failure_is_german_and_in_the_layout(db):
    response = Client(enforce_csrf_checks=True).post("/rechtliches/barrierefreiheit/meldung/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Das Formular konnte nicht gesendet werden" in body and LAYOUT in body
    assert "CSRF verification failed" not in body


def test_server_error_page_needs_no_database():
    # No db fixture: any query would fail this test.
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Serverfehler</h1>" in body and LAYOUT in body


def test_a_form_address_opened_as_a_page_answers_in_the_site_layout(client, db):
    # Logging out is a form (POST); opened as a page it was a bare 405 without a body,
    # which a browser replaces by its own error screen.
    response = client.get("/abmelden/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "Keine Seite" in page and "Formular" in page
    assert 'class="legal-links"' in page or "Impressum" in page  # the site's footer
    assert client.post("/abmelden/").status_code == 302  # the form itself still works
