"""Import extraction for Node and Python steps."""

from __future__ import annotations

from checks.model import Language, Step
from checks.packages.extract import uses_in_code
from checks.packages.names import is_node_builtin, parse_npm_specifier, python_distribution
from checks.parsing import parse_code


def _uses(code: str, language: Language = Language.NODE):
    step = Step(namespace="s", language=language, code=code)
    return uses_in_code(parse_code(code, language), "wf", step)


def test_node_import_forms_and_pins() -> None:
    code = (
        'import axios from "axios@1.7.2";\n'
        'import "side-effect";\n'
        'import fp from "lodash/fp";\n'
        'export { x } from "@scope/pkg@1.2.3/sub";\n'
        'const got = require("got@^11.0.0");\n'
        'const m = await import("@scope/other/deep/path");\n'
        "const t = require(`template-pkg`);\n"
    )
    got = [(u.name, u.spec, u.kind, u.line) for u in _uses(code)]
    assert got == [
        ("axios", "1.7.2", "import", 1),
        ("side-effect", None, "import", 2),
        ("lodash", None, "import", 3),
        ("@scope/pkg", "1.2.3", "export", 4),
        ("got", "^11.0.0", "require", 5),
        ("@scope/other", None, "dynamic-import", 6),
        ("template-pkg", None, "require", 7),
    ]


def test_node_span_points_at_the_specifier() -> None:
    code = 'const a = 1;\nimport axios from "axios@1.7.2";\n'
    (use,) = _uses(code)
    assert code.encode()[use.start_byte : use.end_byte] == b'"axios@1.7.2"'


def test_node_skips_builtins_relative_and_dynamic() -> None:
    code = (
        'import fs from "fs";\nimport { readFile } from "fs/promises";\n'
        'import p from "node:path";\n'
        'import s from "stream/web";\nimport local from "./local.js";\nimport up from "../up";\n'
        'const name = "x"; require(name); import(`pkg-${name}`);\n'
        'import { axios } from "@pipedream/platform";\n'
    )
    assert [u.name for u in _uses(code)] == ["@pipedream/platform"]


def test_typescript_import_require() -> None:
    code = 'import fs = require("fs");\nimport z = require("zod");\nconst n: number = 1;\n'
    assert [u.name for u in _uses(code, Language.TYPESCRIPT)] == ["zod"]


def test_broken_js_does_not_crash() -> None:
    code = 'import axios from "axios";\nexport default defineComponent({ async run( {\n'
    assert [u.name for u in _uses(code)] == ["axios"]


def test_specifier_parser_edge_cases() -> None:
    assert parse_npm_specifier("@scope/pkg@1.2.3/sub").subpath == "sub"  # type: ignore[union-attr]
    assert parse_npm_specifier("https://cdn.example.com/x.js") is None
    assert parse_npm_specifier("#internal") is None
    assert parse_npm_specifier("@scope") is None
    assert parse_npm_specifier("Bad Name") is None
    assert (
        is_node_builtin("fs/promises")
        and is_node_builtin("node:test")
        and not is_node_builtin("fsevents")
    )


def test_python_imports_map_to_distributions() -> None:
    code = (
        "import os, sys\nimport yaml\nfrom bs4 import BeautifulSoup\nimport PIL.Image\n"
        "from google.cloud import storage\nimport requests\nfrom . import sibling\n"
        "from dateutil import parser\nimport telegram\n"
    )
    names = [(u.name, u.line) for u in _uses(code, Language.PYTHON)]
    assert names == [
        ("PyYAML", 2),
        ("beautifulsoup4", 3),
        ("pillow", 4),
        ("google-cloud-storage", 5),
        ("requests", 6),
        ("python-dateutil", 8),
        ("python-telegram-bot", 9),
    ]


def test_python_add_package_comments_pin_and_add() -> None:
    code = (
        "# pipedream add-package PyYAML==5.3.1\n"
        "#pipedream add-package python-telegram-bot\n"
        "# pipedream add-package pandas[excel]>=2.0,<3\n"
        "import yaml\nimport telegram\n"
        "def handler(pd):\n    return 1\n"
    )
    uses = {u.name: u for u in _uses(code, Language.PYTHON)}
    assert uses["PyYAML"].spec == "==5.3.1" and uses["PyYAML"].kind == "import"
    assert uses["python-telegram-bot"].spec is None
    assert uses["pandas"].spec == ">=2.0,<3" and uses["pandas"].kind == "add-package"
    assert uses["pandas"].line == 3
    assert code.encode()[uses["pandas"].start_byte :].startswith(b"# pipedream add-package pandas")


def test_unparseable_python_still_reads_add_package_comments() -> None:
    code = "# pipedream add-package requests==2.31.0\ndef handler(pd:\n    (\n"
    uses = _uses(code, Language.PYTHON)
    assert [(u.name, u.spec) for u in uses] == [("requests", "==2.31.0")]


def test_mapping_prefers_longest_prefix() -> None:
    assert python_distribution("google.cloud.storage.blob") == "google-cloud-storage"
    assert python_distribution("google.protobuf") == "google"
    assert python_distribution("sklearn.linear_model") == "scikit-learn"
    assert python_distribution("numpy") == "numpy"
