"""Which database a query goes to: the primary, or the read replica for anonymous public
reads (router.py, middleware.py), and whether the replica may be read now (freshness.py)."""
