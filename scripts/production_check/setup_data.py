"""Data of the production check, run by `sozialplanung shell` against its PostgreSQL:
areas and an indicator of Musterstadt to import values into, a planning-unit login, and
one resolution item whose control date has passed (exactly one reminder is due)."""

import datetime as dt
import os

from django_otp.plugins.otp_totp.models import TOTPDevice
from shapely.geometry import box

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from sozialplanung.core.actions import create_user, define_office
from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Paper, Resolution, ResolutionItem, StatusReport

actor = Process("Produktionsprüfung")
musterstadt = Municipality.objects.get(slug="musterstadt")
stadtteil = actions.define_level(musterstadt, "stadtteil", "Stadtteil", 1, acting_user=actor)
actions.save_areas(
    stadtteil,
    [
        AreaRecord(code=code, name=name, geometry=box(13.7 + i * 0.01, 51.0, 13.71 + i * 0.01, 51.01))
        for i, (code, name) in enumerate([("11", "Altstadt"), ("12", "Neustadt")])
    ],
    valid_from=dt.date(2020, 1, 1),
    acting_user=actor,
)
actions.define_indicator(
    musterstadt, "einwohner", name="Einwohner", unit="Personen", source="Prüfung", acting_user=actor
)
planner = create_user(
    "planung",
    password=os.environ["PRODUCTION_CHECK_PASSWORD"],
    role=Role.SOZIALPLANUNG,
    municipality=musterstadt,
    acting_user=actor,
)
TOTPDevice.objects.create(
    user=planner, name="Produktionsprüfung", key=os.environ["PRODUCTION_CHECK_TOTP_KEY"], confirmed=True
)
office = define_office(musterstadt, "Sozialamt", email="sozialamt@musterstadt.invalid", acting_user=actor)
paper = Paper.objects.create(municipality=musterstadt, reference="V0001/26", name="Prüfvorlage")
resolution = Resolution.objects.create(municipality=musterstadt, paper=paper, date=dt.date(2026, 1, 15))
item = ResolutionItem.objects.create(
    resolution=resolution, number="1", text="Bericht erstatten.", order=1, responsible_office=office
)
StatusReport.objects.create(
    item=item,
    date=dt.date(2026, 2, 1),
    status=StatusReport.Status.IN_PROGRESS,
    next_control_date=dt.date.today() - dt.timedelta(days=1),
    author=planner,
    office=office,
)
