"""The demo: real open data of Dresden and Leipzig, loaded through the importers.

This folder holds the mappings (JSON) and small reference tables the loader needs;
the data files themselves stay in ``settings.DEMO_DATA_DIR``.
"""
