"""The layout's rules: the app enters the engine through one door, the engine has no Qt, modules stay small."""

import ast
from pathlib import Path

import model

REPOSITORY = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400


def imported_modules(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in a Python file, at any depth (function-level imports too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def python_files(package: str) -> list[Path]:
    return sorted((REPOSITORY / package).rglob("*.py"))


def test_the_app_imports_only_what_the_engine_exports():
    wrong = []
    for path in python_files("keyboard_app"):
        for line, module, names in imported_modules(path):
            where = f"{path.relative_to(REPOSITORY)}:{line}"
            if module.startswith("model."):
                wrong.append(f"{where} imports {module}")
            elif module == "model":
                wrong += [f"{where} imports model.{name}, which model does not export" for name in names
                          if name not in model.__all__]
    assert not wrong, "\n".join(wrong)


def test_every_exported_name_resolves():
    for name in model.__all__:
        assert getattr(model, name) is not None, name


def test_the_engine_imports_no_qt():
    qt = [f"{path.relative_to(REPOSITORY)}:{line} imports {module}"
          for path in python_files("model") for line, module, _ in imported_modules(path)
          if module.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6", "keyboard_app"}]
    assert not qt, "\n".join(qt)


def test_no_module_is_longer_than_four_hundred_lines():
    long = [f"{path.relative_to(REPOSITORY)}: {lines} lines"
            for package in ("model", "keyboard_app", "benchmarks", "scripts", "tests")
            for path in python_files(package)
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, "\n".join(long)
