extensions = ["published_url"]
exclude_patterns = ["_build"]
