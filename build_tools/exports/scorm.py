"""SCORM 1.2 packages: the drills playing offline inside a learning system, in test mode.

One SCO holds the chosen drills (a menu, one drill at a time) so the LMS
gets one status and one score for the set.  The package is the site's own
drill player (docs/assets/javascripts/drill-player.js) with a store that keeps
its records in `cmi.suspend_data` (scorm_files/runtime.js), the drills' data as
the site's pages carry it (citations shown as quotes, without links to pages
outside the package), the site's drill styles and a manifest.

The trainer page builds the same zip in the browser from the same parts
(`kit()` is written into the site; see :mod:`build_tools.exports.site`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..content import Course
from ..models.drill import Drill
from ..render.assign import good_path_points
from ..render.drills import drill_data, script_json

HERE = Path(__file__).resolve().parent
FILES = HERE / "scorm_files"
ROOT = HERE.parent.parent
PLAYER = ROOT / "docs/assets/javascripts/drill-player.js"
DRILL_CSS = ROOT / "docs/assets/stylesheets/drill.css"
DEFAULT_TITLE = "售后服务情景演练"
DEFAULT_PASS = 60


def scorm_drill_data(course: Course, drill: Drill) -> dict:
    """The drill as the player needs it inside a package: no link leads out of it."""
    data = drill_data(course, drill)
    data["passages"] = [dict(p, href=f"#passage-{k}") for k, p in enumerate(data["passages"])]
    data["index"] = "#menu"
    data["nominal"] = good_path_points(drill)
    return data


def kit() -> dict:
    """The package's fixed files and its manifest template (markers __TITLE__, __IDENT__, __PASS__)."""
    return {
        "files": {
            "index.html": (FILES / "index.html").read_text(encoding="utf-8"),
            "runtime.js": (FILES / "runtime.js").read_text(encoding="utf-8"),
            "drill-player.js": PLAYER.read_text(encoding="utf-8"),
            "package.css": (FILES / "package.css").read_text(encoding="utf-8") + "\n" + DRILL_CSS.read_text(encoding="utf-8"),
        },
        "manifest": (FILES / "imsmanifest.xml").read_text(encoding="utf-8"),
    }


def manifest(template: str, title: str, ident: str, pass_mark: int) -> str:
    return template.replace("__TITLE__", escape(title)).replace("__IDENT__", ident).replace("__PASS__", str(pass_mark))


def data_js(title: str, pass_mark: int, drills: list[dict]) -> str:
    return "window.ASA_SCORM = " + script_json({"title": title, "pass": pass_mark, "drills": drills}) + ";\n"


def package_files(course: Course, drills: list[Drill], title: str | None = None, pass_mark: int = DEFAULT_PASS) -> dict[str, str]:
    title = (title or DEFAULT_TITLE).strip()[:100] or DEFAULT_TITLE
    k = kit()
    files = {"imsmanifest.xml": manifest(k["manifest"], title, "asa-" + "-".join(d.id for d in drills)[:60], pass_mark)}
    files.update(k["files"])
    files["data.js"] = data_js(title, pass_mark, [scorm_drill_data(course, d) for d in drills])
    return files


def write_package(course: Course, drills: list[Drill], output: Path, title: str | None = None, pass_mark: int = DEFAULT_PASS) -> int:
    files = package_files(course, drills, title, pass_mark)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in ["imsmanifest.xml", *sorted(n for n in files if n != "imsmanifest.xml")]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name].encode("utf-8"))
    return output.stat().st_size
