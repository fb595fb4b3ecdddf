"""Where vanban's data files (config/*.json) are, for every layer alike.

`VANBAN_CONFIG_DIR` wins (a whole folder of the same files); otherwise the installed package
`vanban_config` (the repository's `config/` folder, shipped inside the wheel); otherwise, when running
from a checkout that was never installed, the `config/` folder beside this package.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "VANBAN_CONFIG_DIR"
PACKAGE = "vanban_config"


def config_dir() -> Path:
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override)
    from importlib.resources import files

    try:
        return Path(str(files(PACKAGE)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / "config"


def config_file(name: str) -> Path:
    return config_dir() / name
