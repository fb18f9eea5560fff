"""JSON Schema export of the content models, for editor autocompletion.

Each YAML file names its schema in a first-line comment
(``# yaml-language-server: $schema=…``); the files in ``build_tools/schema/``
are generated from the models by ``python -m build_tools schema`` and a test
fails when they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import Lesson, Sources, Topics
from .models.drill import Drill, Retired, Rulings
from .models.house import Conversion, Terminology
from .models.pages import Cause, Collection, SectionPage
from .models.thesaurus import Thesaurus

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

SCHEMAS: dict[str, type[BaseModel]] = {
    "lesson": Lesson,
    "topics": Topics,
    "sources": Sources,
    "cause": Cause,
    "section": SectionPage,
    "collection": Collection,
    "drill": Drill,
    "retired": Retired,
    "rulings": Rulings,
    "terminology": Terminology,
    "conversion": Conversion,
    "thesaurus": Thesaurus,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def expected_files() -> dict[Path, str]:
    return {SCHEMA_DIR / f"{name}.schema.json": schema_text(model) for name, model in SCHEMAS.items()}


def write_all() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for path, text in expected_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
