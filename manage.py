#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path


def main():
    root = Path(__file__).resolve().parent
    # `site/` is a source root (a package named `site` would shadow the stdlib module).
    sys.path[:0] = [str(root / "site"), str(root)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongzhi.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
