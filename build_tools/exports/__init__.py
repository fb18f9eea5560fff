"""Exports for learning systems: Moodle XML and GIFT question banks, SCORM 1.2 packages.

Each export is a renderer over the validated drill model (:mod:`questions`
turns every choice decision into a question once; the format modules only
write it out).  `python -m build_tools export --format …` is the command line.
"""
