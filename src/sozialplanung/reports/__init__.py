"""Declarative exporters: every file the product hands out (XLSX, CSV, PDF, DOCX, HSDS).

An exporter is a registered class (``base.Exporter``) that names its identifier, title,
formats, parameters and who may run it, and builds rows (``spreadsheet.Table``) or a
document. The web download (``web.download``), the JSON API and the ``export`` command
serve the same classes. The concrete exporters read domain models and so live in the
domain apps (``<app>/exporters.py``); ``ReportsConfig.ready`` imports them. This app sits
above ``core`` and below every domain app: it imports only ``core``.
"""
