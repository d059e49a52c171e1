"""Imports run one way: website knows no domain; lms imports neither commerce nor cms; commerce not cms."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "website": ("lms", "commerce", "cms"),
    "lms": ("commerce", "cms"),
    "commerce": ("cms",),
}


def imported_packages(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_follow_the_layering(package):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name, line in imported_packages(path)
        if name in FORBIDDEN[package]
    ]
    assert offending == []
