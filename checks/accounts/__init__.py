"""Connected-account suggestions: which Pipedream app an API host belongs to, and the rewrite."""

from checks.accounts.catalog import App, load_catalog, match_app

__all__ = ["App", "load_catalog", "match_app"]
