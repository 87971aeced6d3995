"""OParl 1.1: a server for the public council data, and an importer from other systems.

The server reads as the anonymous public, always (``visible_to(None)``), whoever is
logged in: an OParl endpoint is open data, and one rule for every caller keeps it safe.
Resolution items and status reports, which OParl lacks, travel as the namespaced
extension ``sozialplanung:resolutions`` on Paper (see docs/oparl.md).
"""
