"""The few exception types. Each carries a one-line, user-facing message in Chinese and English."""
from __future__ import annotations


class CheckerError(Exception):
    """Something the user can fix: a bad file, a bad pack, a bad option. Exit status 2."""

    def __init__(self, zh: str, en: str | None = None):
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class InputError(CheckerError):
    """A report file that cannot be read: missing, a directory, empty, binary, undecodable."""


class PackError(CheckerError):
    """A rule pack that cannot be loaded: invalid YAML, schema violation, unknown extends."""
