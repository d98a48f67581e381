"""The auth analysis of one step: the dispatcher to its JavaScript and Python halves.

`facts_for_code(code, step)` (memoised on the `Code`) and `facts_for(ctx)`; the halves
(`checks.auth.js`, `checks.auth.py`) only import the fact types of `checks.auth.facts`.
"""

from __future__ import annotations

from checks.auth.facts import StepFacts
from checks.auth.js import analyse_js
from checks.auth.py import analyse_python
from checks.model import Language, Step
from checks.parsing import Code
from checks.rulebase import StepContext


def facts_for_code(code: Code, step: Step) -> StepFacts:
    """Facts for one step's code, computed once per `Code` object (and kind of step)."""
    return code.memo((facts_for_code, step.is_source), lambda: _facts(code, step.is_source))


def _facts(code: Code, is_source: bool) -> StepFacts:
    facts: StepFacts
    try:
        if code.language.is_js:
            facts = analyse_js(code, is_source=is_source)
        elif code.language is Language.PYTHON:
            facts = analyse_python(code)
        else:
            facts = StepFacts(language=code.language)
    except RecursionError:
        facts = StepFacts(language=code.language)
    return facts


def facts_for(ctx: StepContext) -> StepFacts | None:
    """Facts for a rule's StepContext, or None when the step has no code."""
    if ctx.code is None:
        return None
    return facts_for_code(ctx.code, ctx.step)
