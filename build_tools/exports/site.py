"""What the trainer page needs to export the ticked drills in the browser.

Each drill's questions (and its SCORM data) are rendered here, in Python,
once, into a small script per drill (`drills/exports/<id>.js`) that the
trainer page loads only for the drills ticked: a `<script>` works from
`file://` where `fetch` does not.  The page then joins the fragments between
the file's header and footer.
"""

from __future__ import annotations

import json

from ..content import Course
from ..render.drills import script_json
from . import gift, moodle
from .questions import drill_questions

EXPORTS_DIR = "drills/exports"


def drill_export(course: Course, drill) -> dict:
    from .scorm import scorm_drill_data

    qs = drill_questions(drill)
    return {
        "gift": gift.fragment(qs), "xml": moodle.fragment(qs), "questions": len(qs),
        "scorm": scorm_drill_data(course, drill),
    }


def _script(global_name: str, key: str | None, value: object) -> str:
    text = script_json(value)
    if key is None:
        return f"window.{global_name} = {text};\n"
    return f"window.{global_name} = window.{global_name} || {{}};\nwindow.{global_name}[{json.dumps(key)}] = {text};\n"


def asset_files(course: Course) -> dict[str, str]:
    """Generated site files: one export script per drill, the question-bank frame, the SCORM kit."""
    from .scorm import kit

    files = {f"{EXPORTS_DIR}/{d.id}.js": _script("AsaExportData", d.id, drill_export(course, d)) for d in course.drills}
    files[f"{EXPORTS_DIR}/kit.js"] = _script("AsaExportKit", None, {
        "gift": {"header": gift.HEADER, "footer": ""},
        "xml": {"header": moodle.HEADER, "footer": moodle.FOOTER},
        "scorm": kit(),
    })
    return files
