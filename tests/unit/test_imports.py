"""Every module of the package imports on its own, whatever was imported before (no import cycles).

A cycle shows only when a module is the first of its cycle to be imported (the WEAPON component
imported before the entities package once failed that way), so each module is imported in turn into
an interpreter that has no ``claimstream`` module loaded yet.
"""

from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import importlib, pkgutil, sys, traceback
import claimstream
walk = pkgutil.walk_packages(claimstream.__path__, "claimstream.")
names = sorted(m.name for m in walk if not m.name.endswith("__main__"))  # __main__ runs the CLI
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "claimstream" or m.startswith("claimstream.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=1).strip().splitlines()[-1])
print(len(names))
print("\\n".join(failed))
"""


def test_every_module_imports_first() -> None:
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=300, check=True)
    count, *failed = out.stdout.strip().splitlines()
    assert int(count) > 60  # the walk found the package's modules
    assert failed == [], "\n".join(failed)
