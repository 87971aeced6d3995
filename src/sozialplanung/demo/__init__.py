"""The demo: Dresden and Leipzig loaded with real open data and invented examples.

An app of its own, the top of the layer order below ``web``: it may import every domain
app, and no production app imports it (only the tests and its own ``demo`` command).
``loader.load_demo`` loads the cities' areas and indicators, the demo logins, and then
the demo of each app in turn (``council``, ``offers``, ``needs``, ``measures``), all
through the same importers and actions a city would use. ``data/`` holds the mappings
(JSON) and small reference tables the loader needs. The open data themselves: Dresden's
in the repository's ``data/dresden`` (``settings.OPEN_DATA_DIR``), Leipzig's, whose licence
is unclear, outside it in ``settings.DEMO_DATA_DIR``.
"""
