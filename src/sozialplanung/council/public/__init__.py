"""The public can follow: "Was wurde aus …?" pages, Atom feeds and e-mail subscriptions.

For resolutions the planning unit publishes there (opt-in per municipality and per
resolution, ``queries.followed_resolutions``); every read goes through ``visible_to``
of the public reader, so these pages show what the public may read and nothing else.
"""
