# The extensions and theme whose routine messages quiet_build drops (tests/test_quiet_build.py
# adds quiet_build itself to a copy of this project).
extensions = ["myst_parser", "sphinx_copybutton", "sphinx_design"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
