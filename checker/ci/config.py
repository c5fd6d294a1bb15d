"""The project config, ``.fzcheck.yaml``: found from the current folder upwards, validated by
``rules/config.schema.json``, merged with the command line (the command line wins).

Pure: reads files, never prints, exits or reads the environment; the CLI passes in the folder
to start from and today's date.

Settings and where each comes from (``fzcheck config show`` prints them):

    pack                  --pack           > config ``pack``            > "fazhi"
    gate.fail_under       --fail-under     > config ``gate.fail_under`` > the pack's pass mark
    gate.fail_on          --fail-on        > config ``gate.fail_on``    > "error"
    baseline              --baseline       > config ``baseline``        > none
    include / exclude     config only (paths on the command line are the command-line form)
    rules                 config only: per-rule ``severity`` / ``weight``
    waivers               config only

Globs (include, exclude, waiver paths) are relative to the config file's folder, ``/``-separated:
a pattern without ``/`` matches a file name at any depth (``*.docx``), ``**`` matches any
number of folders, and a pattern that matches a folder matches everything under it.

Waivers are checked one by one: a malformed waiver (no reason, an unknown key, a bad date, a
rule the pack does not have) or an expired one (``until`` before today) stops applying and
becomes a notice; the rest of the config still applies. Any other problem in the config is an
error (exit 2) naming the file, the key and the reason.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from checker.errors import CheckerError
from checker.model import Notice, Pack, Severity, Waiver

CONFIG_NAMES = (".fzcheck.yaml", ".fzcheck.yml")
SCHEMA_FILE = "config.schema.json"
DEFAULT_PACK = "fazhi"
FAIL_ON = ("error", "warning")


class ConfigError(CheckerError):
    """A project config that cannot be used: unreadable, invalid YAML, a schema violation."""


# --- where settings come from --------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    kind: str  # "default" | "config" | "cli"
    detail: str | None = None  # the config key ("gate.fail_under") or the option ("--fail-under")

    def describe(self, lang: str = "zh", config_path: str | None = None) -> str:
        if self.kind == "cli":
            return f"命令行 {self.detail}" if lang != "en" else f"command line {self.detail}"
        if self.kind == "config":
            return f"{config_path}（{self.detail}）" if lang != "en" else f"{config_path} ({self.detail})"
        if self.detail:
            return f"默认（{self.detail}）" if lang != "en" else f"default ({self.detail})"
        return "默认" if lang != "en" else "default"


DEFAULT = Source("default")


@dataclass(frozen=True)
class Settings:
    """The effective settings of one run."""

    config_path: str | None  # the config file used, None when there is none
    root: str  # the folder globs are relative to: the config's folder, else the current folder
    config_shown: str | None = None  # the same as shown to the user (relative to the current folder)
    pack: str = DEFAULT_PACK
    pack_path: tuple[str, ...] = ()  # folders searched for packs by name (resolved against the config folder)
    fail_under: float | None = None  # None: the pack's pass mark
    fail_on: str = "error"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    baseline: str | None = None  # a path (resolved against the config folder when it came from there)
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()  # valid and not expired
    notices: tuple[Notice, ...] = ()  # waivers that do not apply, and why
    sources: Mapping[str, Source] = field(default_factory=dict)

    def source(self, name: str) -> Source:
        return self.sources.get(name, DEFAULT)


# --- finding and reading the file ----------------------------------------------------------

def find(start: Path) -> Path | None:
    """The nearest ``.fzcheck.yaml`` in ``start`` or one of its parents, not above the root of
    the repository ``start`` is in (see ``locate``)."""
    return locate(start)[0]


def locate(start: Path) -> tuple[Path | None, Path | None, Path | None]:
    """(the config to use, a config passed over, the repository root).

    The search goes up from ``start`` and stops at the nearest folder with a ``.git`` (the
    repository root; its own config counts). A ``.fzcheck.yaml`` further up belongs to someone
    else — a home folder, a shared drive — and once turned a failing CI gate into a passing
    one without a word, so it is not used; the run says so on stderr (``--config`` uses it).
    """
    folder = start.resolve()
    root = None
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return (candidate, None, root) if root is None else (None, candidate, root)
        if root is None and (candidate_dir / ".git").exists():
            root = candidate_dir
    return None, None, root


def display(path: Path | str, cwd: Path | str) -> str:
    """``path`` as the user would write it from ``cwd`` (relative below it, else as it is)."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return str(path)


MAX_CONFIG_BYTES = 1024 * 1024  # a config is a page of settings; /dev/zero as --config is not


def read(path: Path, shown: str | None = None) -> dict[str, Any]:
    """The config's YAML: a regular file of at most MAX_CONFIG_BYTES, within the alias and depth
    bounds of checker.judge.yaml_limits (an alias bomb is refused before validation)."""
    import yaml

    from checker.judge import yaml_limits
    from checker.readers.bounded import read_utf8

    shown = shown or str(path)
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"找不到配置文件：{shown}", f"config file not found: {shown}")
    if path.is_dir():
        raise ConfigError(f"配置文件是一个文件夹：{shown}", f"config file is a folder: {shown}")
    text = read_utf8(str(path), MAX_CONFIG_BYTES, ("配置文件", "config file"), ConfigError, shown, "utf-8-sig")
    try:
        data = yaml_limits.load(text, _loader())
    except yaml_limits.YamlLimitError as exc:
        raise ConfigError(f"配置无效：{shown}：{exc.zh}", f"invalid config: {shown}: {exc.en}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"第{mark.line + 1}行：" if mark else ""
        where_en = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError(f"配置文件 YAML 格式错误：{shown}：{where}{problem}",
                          f"invalid YAML in config: {shown}: {where_en}{problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"配置无效：{shown}：顶层应为映射（键: 值）", f"invalid config: {shown}: the top level must be a mapping")
    return _plain(data)


@lru_cache(maxsize=1)
def _loader():
    """yaml.SafeLoader without the timestamp rule: ``until: 2026-03-31`` stays the text it is,
    so an impossible date (2026-02-30) is a malformed waiver rather than a YAML crash."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _plain(value: Any) -> Any:
    """Keys as text (``rules: {1: …}`` would otherwise be an int the schema cannot name)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- validation -----------------------------------------------------------------------------

def schema_path() -> Path:
    from checker.judge.packs import rules_dir

    return rules_dir() / SCHEMA_FILE


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))


def _path_text(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unknown_key_message(error, lang: str) -> str | None:
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return None
    allowed = sorted(error.schema.get("properties", {}))
    unknown = [key for key in error.instance if key not in allowed]
    if not unknown:
        return None
    key = str(unknown[0])
    close = difflib.get_close_matches(key, allowed, n=1)
    if lang == "en":
        return f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})")
    return f"未知的键“{key}”" + (f"（是不是“{close[0]}”？）" if close else f"（可用的键：{'、'.join(allowed)}）")


def _error_message(error, lang: str) -> str:
    unknown = _unknown_key_message(error, lang)
    if unknown:
        return unknown
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in (error.instance or {})]
        if missing:
            return f"缺少必填的键“{missing[0]}”" if lang != "en" else f"missing required key '{missing[0]}'"
    return error.message


def _first_error(validator, data):
    from jsonschema.exceptions import best_match

    errors = list(validator.iter_errors(data))
    if not errors:
        return None
    error = best_match(errors)
    while error.context:
        error = best_match(error.context)
    return error


def validate(data: Mapping[str, Any], shown: str) -> None:
    """Raise ConfigError naming the key for anything outside the schema; waivers are checked later."""
    from jsonschema import Draft202012Validator

    loose = dict(schema())
    loose["properties"] = {**loose["properties"], "waivers": {"type": "array"}}
    error = _first_error(Draft202012Validator(loose), data)
    if error is None:
        return
    # the key path is where the error is; an unknown key is reported at its parent
    where = _path_text(error.absolute_path) or "(top)"
    where_en = where
    raise ConfigError(f"配置无效：{shown}：{where}：{_error_message(error, 'zh')}",
                      f"invalid config: {shown}: {where_en}: {_error_message(error, 'en')}")


def _waiver_problem(raw: Any, lang: str) -> str | None:
    from jsonschema import Draft202012Validator

    if not isinstance(raw, dict):
        return "应为映射（rule、paths、reason、until）" if lang != "en" else "must be a mapping (rule, paths, reason, until)"
    sub = {"$schema": schema()["$schema"], "$defs": schema()["$defs"], "$ref": "#/$defs/waiver"}
    error = _first_error(Draft202012Validator(sub), raw)
    if error is not None:
        where = _path_text(error.absolute_path)
        if error.validator == "pattern" and where == "reason":
            return "reason（原因）不能为空" if lang != "en" else "reason must not be empty"
        if error.validator == "pattern" and where == "until":
            return (f"until 应为 YYYY-MM-DD 格式的日期，而不是“{raw.get('until')}”" if lang != "en"
                    else f"until must be a date written YYYY-MM-DD, not '{raw.get('until')}'")
        message = _error_message(error, lang)
        return f"{where}：{message}" if where and lang != "en" else (f"{where}: {message}" if where else message)
    until = raw.get("until")
    if until is not None:
        try:
            _dt.date.fromisoformat(until)
        except ValueError:
            return f"until 不是有效日期：“{until}”" if lang != "en" else f"until is not a valid date: '{until}'"
    return None


def _waiver_label(index: int, raw: Any, lang: str) -> str:
    rule = raw.get("rule") if isinstance(raw, dict) and isinstance(raw.get("rule"), str) else None
    if lang == "en":
        return f"waiver #{index}" + (f" ({rule})" if rule else "")
    return f"豁免 #{index}" + (f"（{rule}）" if rule else "")


def parse_waivers(raw_list: Iterable[Any], today: _dt.date, source: str | None,
                  lang: str = "zh") -> tuple[tuple[Waiver, ...], tuple[Notice, ...]]:
    """Valid, unexpired waivers, and a notice for each waiver that does not apply."""
    waivers: list[Waiver] = []
    notices: list[Notice] = []
    for index, raw in enumerate(raw_list, start=1):
        label = _waiver_label(index, raw, lang)
        problem = _waiver_problem(raw, lang)
        if problem:
            notices.append(Notice("waiver.malformed", f"{label}格式有误，不生效：{problem}" if lang != "en"
                                  else f"{label} is malformed and does not apply: {problem}", source))
            continue
        paths = raw.get("paths", ())
        waiver = Waiver(rule=raw["rule"], reason=raw["reason"].strip(),
                        paths=(paths,) if isinstance(paths, str) else tuple(paths),
                        until=raw.get("until"), index=index, source=source)
        if waiver.until and _dt.date.fromisoformat(waiver.until) < today:
            notices.append(Notice("waiver.expired", f"{label}已于 {waiver.until} 到期，不再生效（原因：{waiver.reason}）"
                                  if lang != "en" else
                                  f"{label} expired on {waiver.until} and no longer applies (reason: {waiver.reason})", source))
            continue
        waivers.append(waiver)
    return tuple(waivers), tuple(notices)


# --- merging --------------------------------------------------------------------------------

def _relative_to(folder: Path, value: str) -> str:
    path = Path(value)
    return str(path if path.is_absolute() else folder / path)


def _pack_value(value: str, folder: Path) -> str:
    looks_like_file = value.endswith((".yaml", ".yml")) or "/" in value or os.sep in value
    return _relative_to(folder, value) if looks_like_file else value


def resolve(cwd: Path, today: _dt.date, config_file: str | None = None, *, pack: str | None = None,
            fail_under: float | None = None, fail_on: str | None = None, baseline: str | None = None,
            lang: str = "zh") -> Settings:
    """The effective settings: ``config_file`` (or the nearest ``.fzcheck.yaml``) under the CLI values."""
    if config_file is not None:
        path: Path | None = Path(config_file)
        if not path.is_absolute():
            path = cwd / path
        if not os.path.lexists(path):  # a loop or a FIFO is there: read() says what it is
            raise ConfigError(f"找不到配置文件：{config_file}", f"config file not found: {config_file}")
        ignored = repo_root = None
    else:
        path, ignored, repo_root = locate(cwd)
    data: dict[str, Any] = {}
    shown = None
    outside: tuple[Notice, ...] = ()
    if ignored is not None:
        outside = (Notice("config.outside", f"未使用仓库根目录（{display(repo_root, cwd)}）以外的配置文件 {ignored}；"
                          f"确要使用请加 --config {ignored}" if lang != "en" else
                          f"not using {ignored}: it is above the repository root ({display(repo_root, cwd)}); "
                          f"pass --config {ignored} to use it", str(ignored)),)
    elif config_file is None and path is not None and repo_root is None and path.parent != cwd.resolve():
        # outside any repository the nearest config up the tree applies, and the user is told which
        outside = (Notice("config.parent", f"使用上级文件夹中的配置文件 {display(path, cwd)}" if lang != "en"
                          else f"using the config file {display(path, cwd)} from a parent folder", str(path)),)
    if path is not None:
        shown = display(path, cwd)
        data = read(path, shown)
        validate(data, shown)
    folder = path.parent if path is not None else cwd
    gate = data.get("gate", {})
    sources: dict[str, Source] = {}
    values: dict[str, Any] = {}

    def pick(name: str, cli_value: Any, option: str, config_value: Any, config_key: str, default: Any) -> None:
        if cli_value is not None:
            values[name], sources[name] = cli_value, Source("cli", option)
        elif config_value is not None:
            values[name], sources[name] = config_value, Source("config", config_key)
        else:
            values[name], sources[name] = default, DEFAULT

    pick("pack", pack, "--pack", _pack_value(data["pack"], folder) if "pack" in data else None, "pack", DEFAULT_PACK)
    pick("fail_under", fail_under, "--fail-under", gate.get("fail_under"), "gate.fail_under", None)
    if values["fail_under"] is None:
        sources["fail_under"] = Source("default", "规则包及格线" if lang != "en" else "the pack's pass mark")
    pick("fail_on", fail_on, "--fail-on", gate.get("fail_on"), "gate.fail_on", "error")
    pick("baseline", baseline, "--baseline",
         _relative_to(folder, data["baseline"]) if "baseline" in data else None, "baseline", None)
    pack_path = tuple(_relative_to(folder, value) for value in data.get("pack_path", ()))
    for key in ("pack_path", "include", "exclude", "rules", "waivers"):
        if key in data:
            sources[key] = Source("config", key)
    waivers, notices = parse_waivers(data.get("waivers", ()), today, shown, lang)
    return Settings(
        config_path=str(path) if path is not None else None, config_shown=shown, root=str(folder),
        pack=values["pack"], pack_path=pack_path, fail_under=None if values["fail_under"] is None else float(values["fail_under"]),
        fail_on=values["fail_on"], include=tuple(data.get("include", ())), exclude=tuple(data.get("exclude", ())),
        baseline=values["baseline"], overrides=data.get("rules", {}), waivers=waivers, notices=outside + notices,
        sources=sources,
    )


# --- applying to a pack ---------------------------------------------------------------------

def apply_to_pack(settings: Settings, pack: Pack, lang: str = "zh") -> tuple[Pack, tuple[Waiver, ...], tuple[Notice, ...]]:
    """The pack with the config's rule overrides, the waivers whose rule the pack has, and
    notices for the waivers that name a rule it does not have."""
    shown = settings.config_shown or ".fzcheck.yaml"
    ids = [rule.id for rule in pack.rules]
    unknown = [rule_id for rule_id in settings.overrides if rule_id not in ids]
    if unknown:
        close = difflib.get_close_matches(unknown[0], ids, n=1)
        hint_zh = f"（是不是“{close[0]}”？）" if close else ""
        hint_en = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(f"配置无效：{shown}：rules.{unknown[0]}：规则包“{pack.id}”没有这条规则{hint_zh}",
                          f"invalid config: {shown}: rules.{unknown[0]}: pack '{pack.id}' has no such rule{hint_en}")
    if settings.overrides:
        rules = []
        for rule in pack.rules:
            change = settings.overrides.get(rule.id)
            if change:
                rule = dataclasses.replace(
                    rule, severity=Severity(change.get("severity", rule.severity.value)),
                    weight=float(change.get("weight", rule.weight)))
            rules.append(rule)
        pack = dataclasses.replace(pack, rules=tuple(rules))
    waivers, notices = [], []
    for waiver in settings.waivers:
        if waiver.rule in ids:
            waivers.append(waiver)
            continue
        close = difflib.get_close_matches(waiver.rule, ids, n=1)
        label = _waiver_label(waiver.index, {"rule": waiver.rule}, lang)
        if lang == "en":
            message = f"{label} is malformed and does not apply: pack '{pack.id}' has no rule '{waiver.rule}'" + (
                f" (did you mean '{close[0]}'?)" if close else "")
        else:
            message = f"{label}格式有误，不生效：规则包“{pack.id}”没有规则“{waiver.rule}”" + (
                f"（是不是“{close[0]}”？）" if close else "")
        notices.append(Notice("waiver.malformed", message, waiver.source))
    return pack, tuple(waivers), tuple(notices)


# --- globs ----------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern:
    pattern = pattern.replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + "".join(out) + r"\Z")


def glob_match(pattern: str, relpath: str) -> bool:
    """Whether a ``/``-separated path relative to the root matches, itself or through a parent folder."""
    regex = _glob_regex(pattern)
    parts = relpath.split("/")
    return any(regex.match("/".join(parts[:n])) for n in range(len(parts), 0, -1))


def relative(path: str, root: str, cwd: str, outside: bool = False) -> str | None:
    """``path`` (as given, relative to ``cwd``) relative to ``root``, ``/``-separated; None outside it
    (or ``../``-relative with ``outside``)."""
    if path == "-":
        return None
    full = Path(path) if Path(path).is_absolute() else Path(cwd) / path
    if outside:
        return Path(os.path.relpath(full.resolve(), Path(root).resolve())).as_posix()
    try:
        rel = Path(os.path.normpath(full)).relative_to(Path(os.path.normpath(root)))
    except ValueError:
        try:
            rel = full.resolve().relative_to(Path(root).resolve())
        except ValueError:
            return None
    return rel.as_posix()


def selected(relpath: str | None, include: Iterable[str], exclude: Iterable[str]) -> bool:
    """Included (or no include list) and not excluded."""
    if relpath is None:
        return True
    include = tuple(include)
    if include and not any(glob_match(p, relpath) for p in include):
        return False
    return not any(glob_match(p, relpath) for p in exclude)


def discover(settings: Settings, cwd: Path) -> list[str]:
    """The files the config's ``include`` selects (minus ``exclude``), as paths relative to ``cwd``."""
    root = Path(settings.root)
    found = []
    for folder, dirs, files in os.walk(root):
        rel_folder = Path(folder).relative_to(root).as_posix()
        rel_folder = "" if rel_folder == "." else rel_folder + "/"
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".hg", ".svn")
                         and not any(glob_match(p, rel_folder + d) for p in settings.exclude))
        for name in sorted(files):
            rel = rel_folder + name
            if selected(rel, settings.include, settings.exclude):
                found.append((rel, os.path.relpath(Path(folder) / name, cwd)))
    return [shown for _, shown in sorted(found)]


def starter_text() -> str:
    """The commented starter config ``fzcheck init`` writes: its include lists every file
    extension the readers accept, so a PDF or a saved web page in the repository is checked too."""
    from checker.readers import _EXTENSIONS

    include = "\n".join(f'  - "**/*{ext}"' for ext in _EXTENSIONS)
    return STARTER.replace('  - "**/*.docx"\n  - "**/*.txt"\n', include + "\n")


STARTER = """\
# fzcheck 项目配置 / project config for fzcheck (法治政府建设年度报告检查)
# 在本文件夹及其子文件夹中运行 fzcheck check 时使用；命令行参数优先于这里的设置。
# Used by `fzcheck check` run in this folder or below; command-line options win.
# 查看生效的设置 / effective settings:  fzcheck config show
version: 1

# 规则包：内置名称（fazhi）或 YAML 文件路径（相对于本文件）
# Rule pack: a built-in name or a YAML file relative to this file.
pack: fazhi
# 按名称查找规则包的文件夹（相对于本文件），先于内置规则包
# Folders (relative to this file) searched for packs by name before the built-ins.
# pack_path: [packs]

# 通过条件 / the gate
gate:
  # 得分低于此值即不通过（不写则用规则包的及格线 60）
  # Fail below this score (default: the pack's pass mark).
  # fail_under: 70
  # error：错误级规则未通过即不通过；warning：错误或警告级规则未通过都不通过
  # With error, a failed error-level rule fails the report; with warning, error or warning too.
  fail_on: error

# 不带路径运行 `fzcheck check` 时检查哪些文件（glob，相对于本文件；** 表示任意层文件夹）：
# 默认为能读取的全部格式，用不到的可以删去
# Files checked when `fzcheck check` is run without paths (globs relative to this file):
# by default every format fzcheck reads; delete the ones you do not use.
include:
  - "**/*.docx"
  - "**/*.txt"
# 不检查的文件；pre-commit 钩子也遵守这里的设置
# Files never checked; the pre-commit hook honours this too.
exclude:
  - "README.md"
  - "archive/"

# 基线：只有基线中没有的缺项才使检查不通过（用 --write-baseline 生成）
# Baseline: only gaps not recorded in it fail the check (write it with --write-baseline).
# baseline: .fzcheck-baseline.json

# 按规则调整严重程度（error / warning / info）和分值
# Per-rule severity (error / warning / info) and weight.
# rules:
#   section.other:
#     severity: info
#     weight: 0

# 豁免：接受某些文件的某项缺项；reason 必填，until 为到期日（含当日），过期后自动失效
# Waivers: accepted gaps; reason is required, until is the last day it applies.
# waivers:
#   - rule: section.leader
#     paths: ["drafts/专项报告-*.docx"]
#     reason: 专项报告不涉及第一责任人履职情况
#     until: 2026-12-31
"""
