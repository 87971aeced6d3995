"""Prints the row count of every model as JSON (run by `sozialplanung shell`)."""

import json

from sozialplanung.core.backup import row_counts

print(json.dumps(row_counts(), sort_keys=True))
