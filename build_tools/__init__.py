"""Build tools for 售后服务训练营: load, validate and render the course.

Modules by role: ``yamlload`` (strict YAML with line numbers), ``models``
(typed content), ``validate`` (schema errors as located rules), ``content``
(the whole course), ``checks`` (cross-file rules), ``render`` (pages),
``search`` (Chinese search), ``build`` (safe builds), ``cli``.
"""
