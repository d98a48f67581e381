"""Command-palette provider: every stepguard action, by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class StepguardCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        has_project = getattr(app, "project", None) is not None
        run = app.run_action
        out: list[tuple[str, Callable[[], object], str]] = [
            (
                "Open the demo project",
                partial(run, "open_demo"),
                "A fresh writable copy of the bundled demo",
            ),
            (
                "Open another project",
                partial(run, "welcome"),
                "The welcome screen: path, recent, Pipedream id",
            ),
            (
                "Snippets gallery",
                partial(run, "open_snippets"),
                "Auth and signature snippets to copy or save",
            ),
            (
                "Vault: stored secrets",
                partial(run, "open_vault"),
                "Variables stepguard moved into the keyring",
            ),
            ("Help: keys", partial(run, "help"), "Keys of the current screen"),
        ]
        if has_project:
            out += [
                (
                    "Fix findings (wizard)",
                    partial(run, "open_wizard"),
                    "A guided pass over every fixable finding",
                ),
                (
                    "Package audit",
                    partial(run, "open_packages"),
                    "Audit npm/PyPI packages the steps import",
                ),
                (
                    "Export report: Markdown",
                    partial(run, "export_report('markdown')"),
                    "Write a Markdown report",
                ),
                (
                    "Export report: JSON",
                    partial(run, "export_report('json')"),
                    "Write a JSON report",
                ),
                (
                    "Export report: SARIF",
                    partial(run, "export_report('sarif')"),
                    "Write a SARIF report",
                ),
                ("Rescan project", app.rescan, "Scan the files again"),  # type: ignore[attr-defined]
            ]
        screen = self.screen
        for binding in getattr(screen, "BINDINGS", []):
            desc = getattr(binding, "description", "")
            action = getattr(binding, "action", "")
            if desc and action and not action.startswith("app."):
                out.append(
                    (
                        f"{desc} (this screen)",
                        partial(screen.run_action, action),
                        f"key {binding.key}",
                    )
                )
        return out

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
