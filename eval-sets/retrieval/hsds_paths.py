"""Where the shared HSDS data lives, and the AIRS prefix rule shared by the build scripts."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def shared_hsds() -> Path:
    """`shared/data/hsds` beside the repository, or `$FRONTDOOR_SHARED_DATA/hsds`."""
    base = os.environ.get("FRONTDOOR_SHARED_DATA")
    candidates = [Path(base)] if base else []
    candidates += [HERE.parents[2] / "shared" / "data", Path("/work/shared/data")]
    for c in candidates:
        if (c / "hsds").is_dir():
            return c / "hsds"
    raise SystemExit("shared/data/hsds not found: set FRONTDOOR_SHARED_DATA")


def code_is_under(code: str, prefix: str) -> bool:
    """Same rule as `frontdoor_directory::taxonomy::code_is_under`: a prefix covers its
    sub-codes at a code boundary; a one-letter prefix covers its whole section."""
    if not code.startswith(prefix):
        return False
    if len(prefix) == 1 or len(code) == len(prefix):
        return True
    return code[len(prefix)] in "-."
