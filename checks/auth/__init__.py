"""Analysis behind the auth (SG3xx) and signature (SG4xx) rules.

`facts_for(ctx)` extracts what a step's code does with credentials, signatures and side effects
(one pass over the parse tree, cached on the `Code`); `analyse_workflow(wctx)` combines the steps
of a workflow into "is it authenticated before it does work, and which webhook provider is it".
"""

from checks.auth.analysis import facts_for
from checks.auth.facts import StepFacts
from checks.auth.providers import PROVIDERS, Provider, provider_by_name
from checks.auth.workflow import WorkflowAuth, analyse_workflow

__all__ = [
    "PROVIDERS",
    "Provider",
    "StepFacts",
    "WorkflowAuth",
    "analyse_workflow",
    "facts_for",
    "provider_by_name",
]
