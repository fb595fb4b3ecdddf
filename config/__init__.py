"""vanban's data files (JSON), installed as the package `vanban_config`.

Data, not code: this file only makes the folder a package, so that an installed vanban finds its
configuration with importlib.resources (analyzers.config_files) wherever it runs.
"""
