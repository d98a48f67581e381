"""SARIF 2.1.0 for GitHub code scanning."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checks.escape import escape_controls, json_safe
from checks.model import Finding, Severity
from checks.rulebase import Rule, all_rules

if TYPE_CHECKING:
    from checks.engine import ScanResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/stepguard/stepguard"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub's `security-severity` (0.0-10.0) drives its critical/high/medium/low labels.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_text = f"{rule.explanation}\n\nBest practice: {rule.practice.value}."
    if rule.fix:
        help_text += f"\n\nFix: {rule.fix}"
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": help_text, "markdown": help_text},
        "helpUri": f"{INFO_URI}/blob/main/docs/rules.md#{rule.id.lower()}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", rule.category.value],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "precision": "high",
        },
    }


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    region = {
        "startLine": max(1, f.line),
        "startColumn": max(1, f.column),
        "endLine": max(f.line, f.end_line),
        "endColumn": max(1, f.end_column),
    }
    if region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]:
        region["endColumn"] = region["startColumn"] + 1
    message = f.message
    if f.step:
        message = escape_controls(f"{message} (workflow {f.workflow!s}, step {f.step})")
    return {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _LEVEL[f.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    # A URI reference: a name with spaces or control characters is %-encoded.
                    "artifactLocation": {"uri": quote(f.path, safe="/"), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"stepguard/v1": f.fingerprint},
        "properties": {"severity": f.severity.label, "category": f.category.value},
    }


HISTORY_RULE = "history-secret"


def _history_descriptor() -> dict[str, Any]:
    text = (
        "A secret was committed to the repository's git history (`stepguard scan --history`). "
        "Removing it from the code does not remove it from earlier commits, clones and forks: "
        "rotate it at the provider."
    )
    return {
        "id": HISTORY_RULE,
        "name": "SecretInGitHistory",
        "shortDescription": {"text": "Secret in the repository's git history"},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["security", "secret"],
            "security-severity": _SECURITY_SEVERITY[Severity.HIGH],
            "precision": "high",
        },
    }


def _history_results(result: ScanResult, rule_index: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for report in result.history or ():
        for s in report.secrets:
            out.append(
                {
                    "ruleId": HISTORY_RULE,
                    "ruleIndex": rule_index,
                    "level": _LEVEL[s.severity],
                    "message": {"text": f"{s.message} ({s.redacted})"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": s.path},
                                "region": {"startLine": max(1, s.line)},
                            }
                        }
                    ],
                    "partialFingerprints": {"stepguard/history/v1": s.secret_id},
                    "properties": {
                        "severity": s.severity.label,
                        "category": "secret",
                        "commit": s.commit,
                        "commits": s.commits,
                        "secret_id": s.secret_id,
                        "rotate_url": s.rotate_url,
                    },
                }
            )
    return out


def to_sarif(result: ScanResult) -> dict[str, Any]:
    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    descriptors = [_rule_descriptor(r) for r in rules]
    history = _history_results(result, len(descriptors)) if result.history is not None else []
    if result.history is not None:
        descriptors.append(_history_descriptor())
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stepguard",
                        "informationUri": INFO_URI,
                        "semanticVersion": _version(),
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": result.root.as_uri() + "/"}},
                "results": [_result(f, index) for f in result.findings if f.rule in index]
                + history,
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {
                                "level": "note",
                                "message": {"text": f"{escape_controls(s.path)}: {s.reason}"},
                            }
                            for s in result.skipped
                        ],
                    }
                ],
            }
        ],
    }


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stepguard")
    except PackageNotFoundError:
        return "0.0.0"


def render_sarif(result: ScanResult) -> str:
    return json_safe(json.dumps(to_sarif(result), indent=2, ensure_ascii=False)) + "\n"
