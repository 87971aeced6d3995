"""Changes to users, audited like every other change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from .audit import record_change, save_audited, snapshot
from .models import Municipality, Office, User
from .visibility import Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# Never in the audit trail: the hash is a secret, the last login is not a change.
_NOT_AUDITED = {"password", "last_login"}


def _user_snapshot(user: User) -> dict[str, Any]:
    return {k: v for k, v in snapshot(user).items() if k not in _NOT_AUDITED}


def create_municipality(
    slug: str,
    name: str,
    *,
    ags: str = "",
    user: User | AnonymousUser | None = None,
    actor: str = "",
) -> Municipality:
    """Create a municipality, or change its name and official key (AGS)."""
    with transaction.atomic():
        existing = Municipality.objects.filter(slug=slug).first() or Municipality(slug=slug)
        municipality, _changed = save_audited(
            existing, {"name": name, "ags": ags}, user=user, actor=actor
        )
        return municipality


def define_office(
    municipality: Municipality,
    name: str,
    *,
    short_name: str = "",
    email: str = "",
    user: User | AnonymousUser | None = None,
    actor: str = "",
) -> Office:
    """Create an office, or update its short name and e-mail address."""
    with transaction.atomic():
        office = Office.objects.filter(municipality=municipality, name=name).first()
        before = snapshot(office) if office else None
        office = office or Office(municipality=municipality, name=name)
        office.short_name = short_name or office.short_name
        office.email = email or office.email
        if before is not None and before == snapshot(office):
            return office
        office.save()
        record_change(office, before=before, after=snapshot(office), user=user, actor=actor)
        return office


def create_user(
    username: str,
    *,
    password: str,
    role: str,
    municipality: Municipality | None = None,
    office: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    user: User | AnonymousUser | None = None,
    actor: str = "",
) -> User:
    """Create a login, or bring an existing one's role and municipality in line.

    The password is set only when the login is new: running this again (the demo
    loader does) must not undo a password the person has changed since.
    """
    with transaction.atomic():
        account = User.objects.filter(username=username).first()
        before = _user_snapshot(account) if account else None
        if account is None:
            account = User(username=username)
            account.set_password(password)
        account.role = role
        account.municipality = municipality
        account.office = (
            define_office(municipality, office, actor=actor) if office and municipality else None
        )
        account.first_name, account.last_name, account.email = first_name, last_name, email
        account.is_staff, account.is_superuser = is_staff, is_superuser
        after = _user_snapshot(account)
        if before == after:
            return account
        account.save()
        record_change(
            account,
            before=before,
            after=_user_snapshot(account),
            user=user,
            actor=actor,
            summary=f"Benutzer {username} ({role})",
            municipality_id=municipality.pk if municipality else None,
            # Logins are personal data of staff: not for the public trail.
            visibility=Visibility.CONFIDENTIAL,
        )
        return account
