"""Undo records written by earlier versions inside the project are adopted by the journal."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from checks.fixes import journal
from checks.fixes.journal import list_entries


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_old_span_record_is_adopted_under_its_id_and_undone(tmp_path: Path) -> None:
    before = b'fetch("http://a.example.com"); fetch("http://b.example.com")\n'
    after = before.replace(b"http://", b"https://")
    (tmp_path / "a.mjs").write_bytes(after)
    old_id = "00000001733600000000000000-https"
    folder = tmp_path / ".stepguard" / "undo"
    folder.mkdir(parents=True)
    (tmp_path / ".stepguard" / ".gitignore").write_text("*\n")
    (folder / f"{old_id}.json").write_text(
        json.dumps(
            {
                "version": 1,
                "id": old_id,
                "kind": "https",
                "summary": "Use https:// for 2 URL(s)",
                "files": [
                    {
                        "path": "a.mjs",
                        "before_sha256": _sha(before),
                        "after_sha256": _sha(after),
                        "reverse": [
                            {"start": 7, "end": 13, "original": "http:"},
                            {"start": 39, "end": 45, "original": "http:"},
                        ],
                    }
                ],
            }
        )
    )
    assert [e.id for e in list_entries(tmp_path)] == [old_id]
    assert not (tmp_path / ".stepguard").exists()
    journal.undo(tmp_path, old_id)
    assert (tmp_path / "a.mjs").read_bytes() == before


def test_old_insert_record_is_adopted_and_undone(tmp_path: Path) -> None:
    from checks.snippets.insert import undo_insert

    original = b"schema: workflow/2022.04\nsteps:\n- namespace: a\n  uses: ./a/entry.mjs\n"
    inserted = original.replace(
        b"steps:\n", b"steps:\n- namespace: g\n  runtime: nodejs20.x\n  uses: ./g/entry.mjs\n"
    )
    (tmp_path / "workflow.yaml").write_bytes(inserted)
    (tmp_path / "g").mkdir()
    code = b"export default defineComponent({ async run() {} })\n"
    (tmp_path / "g" / "entry.mjs").write_bytes(code)
    folder = tmp_path / ".stepguard" / "undo"
    folder.mkdir(parents=True)
    (folder / "00000001733600000000000000-g.json").write_text(
        json.dumps(
            {
                "version": 1,
                "namespace": "g",
                "workflow_yaml": "workflow.yaml",
                "original_yaml_b64": base64.b64encode(original).decode(),
                "inserted_yaml_sha256": _sha(inserted),
                "created_dir": "g",
                "created_files": {"g/entry.mjs": _sha(code)},
            }
        )
    )
    undo_insert(tmp_path)
    assert (tmp_path / "workflow.yaml").read_bytes() == original
    assert not (tmp_path / "g").exists()
    assert not (tmp_path / ".stepguard").exists()


def test_a_record_whose_file_changed_stays_where_it_is(tmp_path: Path) -> None:
    (tmp_path / "a.mjs").write_bytes(b"changed since\n")
    folder = tmp_path / ".stepguard" / "undo"
    folder.mkdir(parents=True)
    doc = {
        "id": "1-https",
        "kind": "https",
        "files": [{"path": "a.mjs", "before_sha256": "0", "after_sha256": "1", "reverse": []}],
    }
    (folder / "1-https.json").write_text(json.dumps(doc))
    assert list_entries(tmp_path) == []
    assert (folder / "1-https.json").exists()
