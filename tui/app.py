"""The stepguard Textual app: welcome → project → workflow overview → step view → wizard."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from textual import events, on, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from checks.engine import ScanResult
from checks.errors import StepguardError
from checks.recent import add_recent
from screens.commands import StepguardCommands
from screens.messages import OpenDemo, OpenPaths, OpenRemote, ProjectChanged, Rescan
from screens.state import Project
from tui import watch
from tui.clipboard import CopyResult, SystemClipboard
from tui.services import Services

STYLES = Path(__file__).parent / "styles"


class StepguardApp(App[int]):
    """Audit and fix the security of Pipedream workflows, one step at a time."""

    TITLE = "stepguard"
    CSS_PATH = [STYLES / "app.tcss"]
    COMMANDS = App.COMMANDS | {StepguardCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?"),
        # ^q is shown: it works even while a text field has the focus (q then types a "q")
        Binding("ctrl+q", "quit", "Quit", id="app.quit", key_display="^q", priority=True),
        Binding("q", "quit", "Quit", id="app.quit_q", show=False),
        Binding("v", "open_vault", "Vault", id="app.vault", show=False),
    ]

    def __init__(
        self,
        paths: list[Path] | None = None,
        *,
        services: Services | None = None,
        demo_path: Path | None = None,
        open_demo: bool = False,
    ) -> None:
        super().__init__()
        self.services = services or Services()
        self.initial_paths = list(paths or [])
        self.demo_path = demo_path
        self.open_demo_on_start = open_demo
        self.project: Project | None = None
        self.last_error: str | None = None
        self._rescanning = False
        self._checking = False

    # -- start-up --------------------------------------------------------------------------

    def on_mount(self) -> None:
        from screens.welcome import WelcomeScreen

        self.services.install()
        if self.services.watch_interval:
            self.set_interval(self.services.watch_interval, self._poll_files, name="watch")
        if self.demo_path is not None:
            self.push_screen(WelcomeScreen())
            self.post_message(OpenPaths([self.demo_path], label="GitHub-Sync demo", is_demo=True))
        elif self.initial_paths:
            self.post_message(OpenPaths(self.initial_paths))
        else:
            self.push_screen(WelcomeScreen())
            if self.open_demo_on_start:
                self.post_message(OpenDemo())

    # -- opening projects --------------------------------------------------------------------

    @on(OpenPaths)
    def _open_paths(self, message: OpenPaths) -> None:
        from screens.scanning import ScanningScreen

        label = message.label or ", ".join(p.name or str(p) for p in message.paths)
        self.push_screen(ScanningScreen(label))
        self._scan(message.paths, label, message.is_demo)

    @on(OpenDemo)
    def _open_demo(self, message: OpenDemo) -> None:
        self._prepare_demo()

    @work(thread=True, exclusive=True, group="demo")
    def _prepare_demo(self) -> None:
        try:
            from checks.demo import prepare_demo_copy

            path = prepare_demo_copy()
        except (StepguardError, OSError) as exc:
            self.call_from_thread(self.show_error, str(exc))
            return
        self.post_message(OpenPaths([path], label="GitHub-Sync demo", is_demo=True))

    @on(OpenRemote)
    def _open_remote(self, message: OpenRemote) -> None:
        from screens.scanning import ScanningScreen

        self.push_screen(ScanningScreen(message.workflow_id))
        self._load_remote(message.workflow_id, message.org_id)

    @work(thread=True, exclusive=True, group="scan")
    def _load_remote(self, workflow_id: str, org_id: str | None) -> None:
        from checks.engine import ScanOptions, scan_loaded
        from checks.loaders import LoadResult
        from checks.pipedream import load_remote_workflow

        try:
            workflow = load_remote_workflow(workflow_id, org_id=org_id)
            loaded = LoadResult(root=Path(workflow.source).parent, workflows=[workflow])
            result = scan_loaded(loaded, ScanOptions())
        except (StepguardError, OSError, ValueError) as exc:
            self.call_from_thread(self._scan_failed, str(exc))
            return
        project = Project([], result, workflow.name, workflow_id, remote_id=workflow_id)
        self.call_from_thread(self._scan_done, project, True)

    @work(thread=True, exclusive=True, group="scan")
    def _scan(self, paths: list[Path], label: str, is_demo: bool) -> None:
        try:
            stamp = watch.stamp(paths)
            result = self.services.scanner(paths)
        except (StepguardError, OSError) as exc:
            self.call_from_thread(self._scan_failed, str(exc))
            return
        display = self.services.display_path(result.root)
        project = Project(list(paths), result, label, display, is_demo=is_demo, stamp=stamp)
        self.call_from_thread(self._scan_done, project, True)

    def _scan_failed(self, reason: str) -> None:
        from screens.scanning import ScanningScreen

        if isinstance(self.screen, ScanningScreen):
            self.pop_screen()
        self.show_error(reason)
        if not self.screen_stack or len(self.screen_stack) <= 1:
            from screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def _scan_done(self, project: Project, fresh: bool) -> None:
        from screens.overview import OverviewScreen
        from screens.project import ProjectScreen
        from screens.scanning import ScanningScreen

        self.project = project
        self._remember(project)
        screen: Screen = (
            OverviewScreen(project.workflows[0]) if len(project.workflows) == 1 else ProjectScreen()
        )
        if isinstance(self.screen, ScanningScreen):
            pending = list(self.screen.pending)
            self.switch_screen(screen)
            if pending:  # keys typed while scanning go to the screen the user was waiting for
                self.call_after_refresh(self._replay_keys, pending)
        else:
            self.push_screen(screen)

    def _replay_keys(self, keys: list[tuple[str, str | None]]) -> None:
        for key, character in keys:
            self.post_message(events.Key(key, character))

    def _remember(self, project: Project) -> None:
        if project.is_demo:
            return
        target = project.remote_id or (str(project.paths[0]) if len(project.paths) == 1 else None)
        if target is None:
            return
        # Recent projects are a convenience: never fail opening a project for them.
        with contextlib.suppress(OSError):
            add_recent(target, project.label, data_dir=self.services.data_dir)

    # -- rescans after fixes -------------------------------------------------------------------

    @on(Rescan)
    def _rescan_requested(self, message: Rescan) -> None:
        self.rescan()

    def rescan(self) -> None:
        if self.project is None or not self.project.paths:
            return
        self._rescanning = True
        self._rescan(self.project)

    @work(thread=True, exclusive=True, group="rescan")
    def _rescan(self, project: Project) -> None:
        try:
            stamp = watch.stamp(project.paths)
            result = self.services.scanner(project.paths)
        except (StepguardError, OSError) as exc:
            self.call_from_thread(self._rescan_failed, f"rescan failed: {exc}")
            return
        self.call_from_thread(self._apply_rescan, project, result, stamp)

    def _rescan_failed(self, reason: str) -> None:
        self._rescanning = False
        self.show_error(reason)

    def _apply_rescan(
        self, project: Project, result: ScanResult, stamp: watch.Stamp | None = None
    ) -> None:
        self._rescanning = False
        project.result = result
        project.stamp = stamp
        for screen in self.screen_stack:
            screen.post_message(ProjectChanged())

    def rescan_now(self) -> None:
        """Synchronous rescan (tests and small projects)."""
        if self.project is None or not self.project.paths:
            return
        try:
            stamp = watch.stamp(self.project.paths)
            result = self.services.scanner(self.project.paths)
        except (StepguardError, OSError) as exc:
            self.show_error(f"rescan failed: {exc}")
            return
        self._apply_rescan(self.project, result, stamp)

    # -- following the files: re-scan when they change (edits, undo from the CLI, demo reset) --

    def _poll_files(self) -> None:
        project = self.project
        if project is None or not project.paths or self._rescanning or self._checking:
            return
        self._checking = True  # one check at a time (a slow disk must not pile them up)
        self._check_files(project)

    @work(thread=True, group="watch")
    def _check_files(self, project: Project) -> None:
        try:
            changed = watch.stamp(project.paths) != project.stamp
        finally:
            self.call_from_thread(setattr, self, "_checking", False)
        if changed:
            self.call_from_thread(self._files_changed, project)

    def _files_changed(self, project: Project) -> None:
        if project is self.project and not self._rescanning:
            self.rescan()

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Back from another window (an editor, a shell): check the files at once."""
        self._poll_files()

    # -- the user's editor --------------------------------------------------------------------

    def open_in_editor(self, path: Path, line: int | None = None) -> None:
        """Suspend the app, run $EDITOR on `path`, then re-scan what changed."""
        from tui.services import editor_command

        argv = editor_command(path, line)
        try:
            with self.suspend():
                code = self.services.run_editor(argv)
        except SuspendNotSupported:  # headless (tests) or a terminal that cannot suspend
            code = self.services.run_editor(argv)
        except OSError as exc:
            self.show_error(f"could not start {argv[0]}: {exc.strerror or exc}")
            return
        if code != 0:
            self.notify(f"{Path(argv[0]).name} exited with status {code}.", severity="warning")
        self.refresh()
        self.rescan()

    # -- shared helpers ------------------------------------------------------------------------

    def show_error(self, reason: str) -> None:
        """One-line error as a notification (never a traceback)."""
        from checks.escape import escape_controls
        from checks.redact import redact_text

        first = reason.splitlines()[0] if reason else "unknown error"
        self.last_error = escape_controls(redact_text(first))
        self.notify(self.last_error, title="stepguard", severity="error", timeout=8)

    def copy_text(self, text: str, what: str = "text") -> CopyResult:
        """Copy through the clipboard service (a system tool, else OSC 52) and say honestly
        which way it went; the result's wording also goes to a toast."""
        clipboard = self.services.clipboard or SystemClipboard(osc52=self._osc52)
        result = clipboard.copy(text)
        self._clipboard = text  # what the app last copied (tests, paste inside the app)
        message = result.describe(what)
        if result.confirmed:
            self.notify(message, timeout=4)
        elif result.ok:
            self.notify(message, severity="warning", timeout=10)
        else:
            self.notify(message, severity="error", timeout=10)
        return result

    def _osc52(self, text: str) -> bool:
        self.copy_to_clipboard(text)  # Textual writes OSC 52 to the terminal
        return True

    # -- actions -------------------------------------------------------------------------------

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_open_wizard(self) -> None:
        from screens.wizard import WizardScreen

        if self.project is None:
            self.notify("Open a project first.", severity="warning")
            return
        self.push_screen(WizardScreen())

    def action_open_snippets(self) -> None:
        from screens.snippets import SnippetsScreen

        self.push_screen(SnippetsScreen())

    def action_open_packages(self) -> None:
        from screens.dialogs import ConfirmDialog
        from screens.packages import PackagesScreen

        if self.project is None:
            self.notify("Open a project first.", severity="warning")
            return
        if self.services.package_audit_options.get("offline"):
            self.push_screen(PackagesScreen())
            return

        def answered(online: bool | None) -> None:
            if online:
                self.push_screen(PackagesScreen())

        self.push_screen(
            ConfirmDialog(
                "The package audit asks the npm and PyPI registries (and the OSV advisory "
                "database) about every package the steps import: their names and versions go "
                "over the network. Nothing else leaves this machine. Start it?",
                yes="Audit online",
            ),
            answered,
        )

    def action_open_vault(self) -> None:
        from screens.vault import VaultScreen

        self.push_screen(VaultScreen())

    def action_export_report(self, fmt: str = "") -> None:
        from screens.report import ReportDialog

        if self.project is None:
            self.notify("Open a project first.", severity="warning")
            return
        self.push_screen(ReportDialog(fmt or "markdown"))

    def action_open_demo(self) -> None:
        self.post_message(OpenDemo())

    def action_welcome(self) -> None:
        from screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)


def create_app(
    paths: list[Path] | None = None, *, services: Services | None = None
) -> StepguardApp:
    """The app factory the CLI and the tests use."""
    return StepguardApp(paths, services=services)


def run_app(paths: list[Path] | None, *, demo_path: Path | None = None) -> int:
    """Run the assistant in the terminal; returns the process exit code."""
    app = StepguardApp(paths, demo_path=demo_path)
    result = app.run()
    return int(result or 0)
