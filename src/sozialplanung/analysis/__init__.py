"""Pure computation for social planning: no Django, no ORM.

Functions take numpy arrays, dicts and plain dataclasses and return the same, so they
can be tested against published results and used from a notebook.
"""
