extensions = ["local_links", "sphinx_design"]
exclude_patterns = ["_build"]
html_static_path = ["_static"]
