"""SG501 stays quiet for published components whose package.json pins dependencies."""

from __future__ import annotations

from checks.engine import ScanOptions, scan

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
