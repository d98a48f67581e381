"""Rule definitions, one module per concern; every module here is imported by `all_rules()`."""
