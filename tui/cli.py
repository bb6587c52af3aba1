"""The ``kechuang`` command. (Placeholder: being written.)"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("kechuang: build | search | export | stats | extract | metrics | entities | open")
    return 0


if __name__ == "__main__":
    sys.exit(main())
