"""SG501 and `stepguard packages` agree on what pins a component's imports: the code, the
component package's package.json, or the platform."""

from __future__ import annotations

from checks.engine import ScanOptions, scan
from checks.loaders import load_paths
from checks.packages.extract import uses_in_workflows

STEP = (
    'import axios from "axios";\n'
    'export default { key: "x", type: "action", async run() { return axios } };\n'
)


def test_unpinned_flagged_for_loose_step(write_tree) -> None:
    root = write_tree({"step.mjs": STEP})
    assert [f.rule for f in scan([root], ScanOptions(select=["SG501"])).findings] == ["SG501"]


def test_component_with_package_json_is_not_flagged(write_tree) -> None:
    root = write_tree(
        {
            "components/acme/package.json": '{"dependencies": {"axios": "1.7.2"}}',
            "components/acme/actions/a/a.mjs": STEP,
        }
    )
    assert scan([root], ScanOptions(select=["SG501"])).findings == []


def _sg501(root) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in scan([root], ScanOptions(select=["SG501"])).findings]


def _pins(root) -> dict[str, tuple[str | None, bool, str]]:
    workflows = load_paths([root]).workflows
    return {u.name: (u.spec, u.pinned, u.pinned_by) for u in uses_in_workflows(workflows)}


def test_package_json_range_is_the_pin_for_both_commands(write_tree) -> None:
    step = 'import axios from "axios";\nimport _ from "lodash";\n' + STEP.split("\n", 1)[1]
    root = write_tree(
        {
            "components/acme/package.json": '{"dependencies": {"axios": "^1.7.2"}}',
            "components/acme/actions/a/a.mjs": step,
        }
    )
    pins = _pins(root)
    # `stepguard packages` audits the manifest's range; the undeclared import stays unpinned
    assert pins["axios"] == ("^1.7.2", True, "package.json")
    assert pins["lodash"] == (None, False, "")
    assert _sg501(root) == [("components/acme/actions/a/a.mjs", 2)]


def test_package_json_outside_the_scan_root_is_not_read(write_tree) -> None:
    root = write_tree(
        {
            "package.json": '{"dependencies": {"axios": "1.7.2"}}',
            "inner/step.mjs": STEP,
        }
    )
    assert _pins(root / "inner")["axios"] == (None, False, "")
    assert _sg501(root / "inner") == [("step.mjs", 1)]


def test_pipedream_platform_needs_no_pin(write_tree) -> None:
    root = write_tree(
        {
            "step.mjs": 'import { axios } from "@pipedream/platform";\n' + STEP.split("\n", 1)[1],
        }
    )
    assert _pins(root)["@pipedream/platform"] == (None, True, "platform")
    assert _sg501(root) == []


def test_registry_component_importing_its_app_file(write_tree) -> None:
    """The registry layout (`../../app.app.mjs`): the app package's package.json pins it."""
    source = (
        'import app from "../../acme.app.mjs";\nimport { v4 } from "uuid";\n'
        + STEP.split("\n", 1)[1]
    )
    root = write_tree({"sources/new/new.mjs": source})
    assert _pins(root)["uuid"] == (None, True, "component package")
    assert _sg501(root) == []


def test_relative_import_of_data_is_not_a_component_package(write_tree) -> None:
    step = 'import data from "./data.json";\n' + STEP
    root = write_tree({"step.mjs": step})
    assert _sg501(root) == [("step.mjs", 2)]
