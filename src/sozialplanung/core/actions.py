"""Changes to users, audited like every other change."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from .audit import ActingUser, record_change, save_audited, snapshot
from .models import Municipality, Office, User


def create_municipality(
    slug: str,
    name: str,
    *,
    ags: str = "",
    acting_user: ActingUser,
) -> Municipality:
    """Create a municipality, or change its name and official key (AGS)."""
    with transaction.atomic():
        existing = Municipality.objects.filter(slug=slug).first() or Municipality(slug=slug)
        municipality, _changed = save_audited(
            existing, {"name": name, "ags": ags}, acting_user=acting_user
        )
        return municipality


def define_office(
    municipality: Municipality,
    name: str,
    *,
    short_name: str = "",
    email: str = "",
    acting_user: ActingUser,
) -> Office:
    """Create an office, or update its short name and e-mail address."""
    with transaction.atomic():
        office = Office.objects.filter(municipality=municipality, name=name).first()
        office = office or Office(municipality=municipality, name=name)
        values = {"short_name": short_name or office.short_name, "email": email or office.email}
        office, _changed = save_audited(office, values, acting_user=acting_user)
        return office


def create_user(
    username: str,
    *,
    password: str | None,
    role: str,
    municipality: Municipality | None = None,
    office: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    check_password: bool = True,
    acting_user: ActingUser,
) -> User:
    """Create a login, or bring an existing one's role and municipality in line.

    The password is set only when the login is new: running this again (the demo
    loader does) must not undo a password the person has changed since. It must pass
    the password validators (``ValidationError`` otherwise) unless ``check_password`` is
    off (the demo's published passwords). ``None`` makes a login without a password,
    for people who log in only through the city's directory.
    """
    with transaction.atomic():
        account = User.objects.filter(username=username).first()
        before = snapshot(account) if account else None
        if account is None:
            account = User(username=username)
            if password is None:
                account.set_unusable_password()
            else:
                if check_password:
                    validate_password(password, account)
                account.set_password(password)
        account.role = role
        account.municipality = municipality
        account.office = (
            define_office(municipality, office, acting_user=acting_user)
            if office and municipality
            else None
        )
        account.first_name, account.last_name, account.email = first_name, last_name, email
        account.is_staff, account.is_superuser = is_staff, is_superuser
        after = snapshot(account)
        if before == after:
            return account
        account.save()
        record_change(
            account,
            before=before,
            after=snapshot(account),
            acting_user=acting_user,
            summary=f"Benutzer {username} ({role})",
            municipality_id=municipality.pk if municipality else None,
            # Logins are personal data of staff: record_change keeps their trail confidential.
        )
        return account
