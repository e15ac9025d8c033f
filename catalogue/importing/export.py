"""Read a DLDB JSON export and check its shape, naming each problem by its JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ExportProblem(Exception):
    """The export cannot be imported: one German line per problem, with file and JSON path."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class Reader:
    """Typed access to the export's values that records each wrong shape with its path."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{self.name}: {path}: {message}")

    def get(self, node: dict, path: str, key: str, kind: type | tuple, required: bool = False):
        """NODE[KEY] if it has KIND (None when absent, or wrong: then a problem is noted)."""
        if key not in node or node[key] is None:
            if required:
                self.fail(f"{path}.{key}", "fehlt")
            return None
        value = node[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if value is False and bool not in kinds:
            return None  # DLDB writes false for "nothing" (a form's description, say)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(f"{path}.{key}", f"muss {_kind_name(kinds)} sein, nicht {_shown(value)}")
            return None
        return value

    def entries(self, data: Any) -> list[tuple[str, dict]]:
        """The objects of data[…] with their paths."""
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            self.fail("$", 'muss ein Objekt mit der Liste "data" sein (DLDB-Export)')
            return []
        out = []
        for i, entry in enumerate(data["data"]):
            if isinstance(entry, dict):
                out.append((f"data[{i}]", entry))
            else:
                self.fail(f"data[{i}]", f"muss ein Objekt sein, nicht {_shown(entry)}")
        return out


def load(path: Path) -> Any:
    """The parsed JSON of PATH; ExportProblem when it cannot be read or is not JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportProblem([f"{path}: Die Datei gibt es nicht."]) from None
    except UnicodeDecodeError as error:
        raise ExportProblem([f"{path}: ist kein UTF-8-Text (Byte {error.start})."]) from None
    except OSError as error:
        raise ExportProblem([f"{path}: kann nicht gelesen werden ({error.strerror})."]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportProblem(
            [
                f"{path}: Zeile {error.lineno}, Spalte {error.colno}: kein gültiges JSON ({error.msg})."
            ]
        ) from None
    except RecursionError:
        raise ExportProblem([f"{path}: ist zu tief verschachtelt."]) from None


_NAMES = {str: "ein Text", int: "eine Zahl", float: "eine Zahl", list: "eine Liste"}
_NAMES.update({dict: "ein Objekt", bool: "true oder false"})


def _kind_name(kinds: tuple) -> str:
    return " oder ".join(dict.fromkeys(_NAMES.get(k, k.__name__) for k in kinds))


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value[:40], ensure_ascii=False)
    if isinstance(value, bool | int | float) or value is None:
        return json.dumps(value)
    return _NAMES.get(type(value), type(value).__name__)
