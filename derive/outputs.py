"""Writing output files atomically: a temporary file in the same folder, then a rename."""
import json
import os
from pathlib import Path


def write_text(path, text):
    """Write text to path so that a reader sees the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def dumps(data):
    """Stable JSON: sorted problem keys are kept as written, floats as repr, no NaN."""
    return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False, default=str) + "\n"
