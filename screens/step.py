"""Step view: highlighted code (secrets redacted in place) beside the step's findings."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from checks.escape import escape_controls
from checks.model import Finding, Step, Workflow
from checks.redact import redact
from checks.rulebase import CATEGORY_PRACTICE, get_rule
from checks.secrets import redact_secrets_in
from screens.base import BaseScreen
from screens.code import SEVERITY_MARK, SEVERITY_STYLE, render_code, severity_badge
from screens.messages import ProjectChanged
from screens.summary import findings_for_step, trigger_findings, trigger_state


def looks_secret(value: str) -> bool:
    """Token-like prop values are shown redacted (long, no spaces, not a template)."""
    return (
        len(value) >= 12 and " " not in value and "{{" not in value and not value.startswith("apn_")
    )


def prop_lines(props: dict[str, Any], indent: int = 0) -> list[Content]:
    """Props as lines; every value passes through the secret detectors and is shown redacted."""
    out: list[Content] = []
    pad = "  " * indent
    for key, value in props.items():
        if isinstance(value, dict):
            if isinstance(value.get("authProvisionId"), str):
                out.append(
                    Content.assemble(
                        pad,
                        (f"{key}: ", "bold"),
                        "connected account ",
                        (value["authProvisionId"], "$text-accent"),
                    )
                )
                continue
            out.append(Content.assemble(pad, (f"{key}:", "bold")))
            out.extend(prop_lines(value, indent + 1))
        elif isinstance(value, list):
            out.append(Content.assemble(pad, (f"{key}:", "bold")))
            out.extend(prop_lines({f"- [{i}]": item for i, item in enumerate(value)}, indent + 1))
        else:
            text = redact_secrets_in(str(value), str(key))
            if isinstance(value, str) and looks_secret(text) and text == str(value):
                text = redact(text)
            out.append(Content.assemble(pad, (f"{key}: ", "bold"), text))
    return out


def rule_info(rule_id: str) -> tuple[str, str]:
    """(explanation, practice) for a rule id; harmless fallbacks for unknown ids."""
    try:
        r = get_rule(rule_id)
    except KeyError:
        return "", ""
    return r.explanation, r.practice.value


class StepScreen(BaseScreen):
    """One step (index ≥ 0) or the trigger (index -1) with its findings."""

    BINDINGS = [
        Binding("n", "next_finding", "Next finding", id="step.next_finding"),
        # the "previous" keys are in the help: the footer keeps room for Help and Quit at 80x24
        Binding("p", "prev_finding", "Prev finding", id="step.prev_finding", show=False),
        Binding(
            "right_square_bracket", "next_step", "Next step", id="step.next_step", key_display="]"
        ),
        Binding(
            "left_square_bracket",
            "prev_step",
            "Prev step",
            id="step.prev_step",
            key_display="[",
            show=False,
        ),
        Binding("f", "fix", "Fix this", id="step.fix"),
        Binding("o", "edit", "Editor", id="step.edit"),
        Binding("w", "app.open_wizard", "Wizard", id="step.wizard", show=False),
        Binding("tab", "app.focus_next", "Focus", id="step.focus", show=False),
    ]

    def __init__(self, workflow: Workflow, index: int, finding: Finding | None = None) -> None:
        super().__init__()
        self.workflow = workflow
        self.index = index
        self.current: Finding | None = finding
        self.findings: list[Finding] = []
        self._code_rendered = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="step-heading")
        with Horizontal(id="step-body"):
            with VerticalScroll(id="code-scroll"):
                yield Static(id="code")
            with Vertical(id="findings-side"):
                yield OptionList(id="findings")
                with VerticalScroll(id="finding-detail"):
                    yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self._load()
        self.query_one("#findings", OptionList).focus()

    @property
    def step(self) -> Step | None:
        return (
            self.workflow.steps[self.index] if 0 <= self.index < len(self.workflow.steps) else None
        )

    @on(ProjectChanged)
    def _project_changed(self) -> None:
        if self.project is not None:
            fresh = self.project.find_workflow(self.workflow.source)
            if fresh is not None:
                self.workflow = fresh
                self.index = min(self.index, len(fresh.steps) - 1)
        self.current = None
        self._load()

    # -- rendering -------------------------------------------------------------------------

    def _load(self) -> None:
        self._code_rendered = False
        all_findings = self.project.workflow_findings(self.workflow) if self.project else []
        step = self.step
        self.findings = (
            findings_for_step(all_findings, step) if step else trigger_findings(all_findings)
        )
        count = len(self.workflow.steps)
        self.title = escape_controls(self.workflow.name)
        if step is None:
            self.sub_title = "trigger"
        else:
            self.sub_title = f"step {self.index + 1} of {count} · {escape_controls(step.namespace)}"
        self.query_one("#step-heading", Static).update(self._heading())
        options = self.query_one("#findings", OptionList)
        options.clear_options()
        if not self.findings:
            options.add_option(
                Option(
                    Content.styled("✓ No findings here.", "$text-success"), id="none", disabled=True
                )
            )
        for i, f in enumerate(self.findings):
            options.add_option(Option(self._finding_label(f), id=str(i)))
        if self.findings:
            start = self.findings.index(self.current) if self.current in self.findings else 0
            options.highlighted = start
            self._select(self.findings[start])
        else:
            self.current = None
            self._render_code()
            self.query_one("#detail", Static).update(self._empty_detail())

    def _heading(self) -> Content:
        step = self.step
        if step is None:
            return Content.assemble(
                ("⚡ Trigger  ", "bold"),
                self.workflow.trigger.describe(),
                ("  ·  ", "$text-muted"),
                trigger_state(self.workflow),
            )
        where = self.project.display(step.path) if (self.project and step.path) else ""
        nav = f"  ([ ] steps {self.index + 1}/{len(self.workflow.steps)})"
        return Content.assemble(
            (escape_controls(step.namespace), "bold"),
            ("  ·  ", "$text-muted"),
            step.language.value,
            ("  ·  ", "$text-muted"),
            (where, "$text-muted"),
            (nav, "$text-muted"),
        )

    def _finding_label(self, f: Finding) -> Content:
        mark = Content.styled(SEVERITY_MARK[f.severity], SEVERITY_STYLE[f.severity])
        return Content.assemble(
            mark, " ", (f"L{f.line} ", "$text-muted"), (f.rule, "bold"), " ", f.title
        )

    def _render_code(self) -> None:
        code = self.query_one("#code", Static)
        step = self.step
        if step is None:
            code.update(self._trigger_body())
            return
        if step.code is None:
            code.update(self._no_code_body(step))
            return
        self._code_rendered = True
        current_line = self.current.line if self.current else None
        content, _ = render_code(
            step.code,
            step.language,
            self.findings,
            line_offset=step.code_line_offset,
            current_line=current_line,
        )
        code.update(content)

    def _trigger_body(self) -> Content:
        t = self.workflow.trigger
        lines = [
            Content.assemble(("Kind      ", "$text-muted"), t.kind.value),
            Content.assemble(("State     ", "$text-muted"), trigger_state(self.workflow)),
        ]
        if t.id:
            lines.append(Content.assemble(("Id        ", "$text-muted"), t.id))
        if t.endpoint_url:
            lines.append(Content.assemble(("Endpoint  ", "$text-muted"), t.endpoint_url))
        lines.append(Content(""))
        lines.append(
            Content.styled(
                "The trigger has no code of its own. Findings here are about the workflow as a "
                "whole: "
                "who may call it and whether the payload is verified before steps use it.",
                "$text-muted",
            )
        )
        return Content("\n").join(lines)

    def _no_code_body(self, step: Step) -> Content:
        lines: list[Content] = []
        if step.registry_action:
            lines.append(Content.assemble(("Registry action  ", "bold"), step.registry_action))
            lines.append(
                Content.styled(
                    "Its code lives in Pipedream's registry, not in this project.", "$text-muted"
                )
            )
        else:
            lines.append(Content.styled(step.code_note or "No code for this step.", "bold"))
            lines.append(
                Content.styled(
                    "stepguard can only check what it can read; the API may leave step code out.",
                    "$text-muted",
                )
            )
        accounts = step.connected_accounts
        if accounts:
            lines.append(Content(""))
            lines.append(Content.styled("Connected accounts", "bold"))
            for prop, apn in accounts.items():
                lines.append(Content.assemble(f"  {prop}: ", (apn, "$text-accent")))
        if step.props:
            lines.append(Content(""))
            lines.append(Content.styled("Props (token-like values shown redacted)", "bold"))
            lines.extend(prop_lines(step.props, 1))
        return Content("\n").join(lines)

    def _empty_detail(self) -> Content:
        step = self.step
        if step is not None and step.code is None:
            return Content.styled("Nothing to check in this step's code.", "$text-muted")
        return Content.assemble(
            ("No findings. ", "bold $text-success"),
            ("Use ] and [ to move to the next or previous step.", "$text-muted"),
        )

    def _detail(self, f: Finding) -> Content:
        explanation, practice = rule_info(f.rule)
        practice = practice or CATEGORY_PRACTICE[f.category].value
        parts: list[Content] = [
            Content.assemble(
                severity_badge(f.severity), "  ", (f.rule, "bold"), " ", (f.title, "bold")
            ),
            Content.assemble(
                ("line ", "$text-muted"), str(f.line), (f"  ·  {f.category.value}", "$text-muted")
            ),
            Content(""),
            Content(f.message),
        ]
        if f.evidence:
            parts += [
                Content(""),
                Content.assemble(("Evidence  ", "$text-muted"), (f.evidence, "$text-warning")),
            ]
        if explanation:
            parts += [Content(""), Content.styled("Why it matters", "bold"), Content(explanation)]
        parts += [Content(""), Content.assemble(("Best practice  ", "bold"), practice)]
        parts.append(Content(""))
        if f.fix is not None:
            parts.append(Content.assemble(("Fix  ", "bold $text-success"), f.fix.summary))
            parts.append(Content.styled("Press f to fix it in the wizard.", "$text-muted"))
        else:
            parts.append(
                Content.styled("No automatic fix: change the code by hand.", "$text-muted")
            )
        return Content("\n").join(parts)

    def _select(self, f: Finding) -> None:
        changed_line = self.current is None or self.current.line != f.line
        self.current = f
        if changed_line or not self._code_rendered:
            self._render_code()
        self.query_one("#detail", Static).update(self._detail(f))
        self.query_one("#finding-detail", VerticalScroll).scroll_home(animate=False)
        step = self.step
        if step is not None and step.code is not None:
            local = f.line - step.code_line_offset
            self.query_one("#code-scroll", VerticalScroll).scroll_to(
                y=max(0, local - 4), animate=False
            )

    @on(OptionList.OptionHighlighted, "#findings")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != "none":
            f = self.findings[int(event.option.id)]
            if f is not self.current:
                self._select(f)

    @on(OptionList.OptionSelected, "#findings")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != "none":
            self._select(self.findings[int(event.option.id)])

    # -- actions -------------------------------------------------------------------------------

    def _move_finding(self, delta: int) -> None:
        if not self.findings:
            self.notify("No findings in this step. ] and [ move between steps.", timeout=3)
            return
        i = self.findings.index(self.current) if self.current in self.findings else -delta
        i = (i + delta) % len(self.findings)
        self.query_one("#findings", OptionList).highlighted = i
        self._select(self.findings[i])

    def action_next_finding(self) -> None:
        self._move_finding(1)

    def action_prev_finding(self) -> None:
        self._move_finding(-1)

    def _move_step(self, delta: int) -> None:
        new = self.index + delta
        if new < -1 or new >= len(self.workflow.steps):
            self.notify(
                "That was the last step." if delta > 0 else "This is the trigger, the first step.",
                timeout=3,
            )
            return
        self.index = new
        self.current = None
        self._load()

    def action_next_step(self) -> None:
        self._move_step(1)

    def action_prev_step(self) -> None:
        self._move_step(-1)

    def action_edit(self) -> None:
        """Open this step's file (the workflow file for the trigger) in $EDITOR."""
        step = self.step
        path = step.path if step is not None else None
        if path is None and self.workflow.source.is_dir():
            path = self.workflow.source / "workflow.yaml"
        elif path is None:
            path = self.workflow.source
        if not self.workflow.can_write or path is None or not path.is_file():
            self.notify(
                "This step has no file here (it came from the API): edit it in Pipedream.",
                severity="warning",
            )
            return
        line = self.current.line if self.current is not None else None
        self.sg.open_in_editor(path, line)

    def action_fix(self) -> None:
        from screens.wizard import WizardScreen

        if self.current is None or self.current.fix is None:
            self.notify(
                "This finding has no guided fix; the explanation says what to change.",
                severity="warning",
                timeout=4,
            )
            return
        self.app.push_screen(WizardScreen(start=self.current))
