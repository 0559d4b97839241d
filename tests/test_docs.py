"""The documentation says what exists: every command, option and configuration key, no more.

Commands and options come from the real argument parser, configuration keys from the validator's
own table (``settings.config.KEYS``); the docs are read as a reader sees them (code spans, fenced
blocks, tables, headings, links). So a new option without a line in the docs fails here, and so
does a page that still names a key the app no longer has.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from trayapp.cli_parser import build_parser
from trayapp.settings.config import KEYS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
EVERY_PAGE = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *PAGES]
COMMANDS_PAGE = DOCS / "commands.md"
CONFIG_PAGE = DOCS / "configuration.md"
PROGRAM = "ai-status-tray"
# The program named as a command: first in a code span or line, or after a prompt or a pipe.
INVOCATION = re.compile(rf"(?:^|\$ |&& |; |\| ){PROGRAM}(?![\w./-])(?P<args>[^`\n]*)")
HEADING = re.compile(r"^(#{1,6}) +(.+?) *$", re.MULTILINE)


# -- what exists -------------------------------------------------------------------------------
def _long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the parser has no commands")


GLOBAL_OPTIONS = _long_options(build_parser())
COMMANDS = _commands()


# -- what the docs say -------------------------------------------------------------------------
def _code(text: str) -> list[str]:
    """The text of every fenced block line and every inline code span."""
    pieces: list[str] = []
    fenced = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
    for block in fenced.finditer(text):
        pieces += block.group(1).splitlines()
    prose = fenced.sub("", text)
    pieces += re.findall(r"`([^`\n]+)`", prose)
    return pieces


def invocations(text: str) -> list[list[str]]:
    """The arguments of every ``ai-status-tray …`` written as a command, as words."""
    found = []
    for piece in _code(text):
        for match in INVOCATION.finditer(piece.strip()):
            args = match.group("args").split("#")[0]  # a shell comment follows
            words = [w.strip("[]()|,.;") for w in args.split()]
            found.append([w for w in words if w])
        # "…" or "--json" alone in a table cell of a command's row is read by the tables below.
    return found


def _sections(text: str, level: int) -> dict[str, str]:
    """Heading text → the text under it (up to the next heading of that level or higher)."""
    marks = [m for m in HEADING.finditer(text) if len(m.group(1)) <= level]
    sections = {}
    for i, mark in enumerate(marks):
        if len(mark.group(1)) != level:
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        sections[mark.group(2)] = text[mark.end() : end]
    return sections


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


# -- tests -------------------------------------------------------------------------------------
def test_the_readme_is_short_and_points_to_every_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    unlinked = [p.name for p in PAGES if f"(docs/{p.name}" not in readme]
    assert unlinked == [], "README.md does not link these pages"
    assert "(CONTRIBUTING.md)" in readme


def test_every_command_has_a_section_listing_exactly_its_options():
    sections = _sections(COMMANDS_PAGE.read_text(encoding="utf-8"), 2)
    documented = {}
    for heading, body in sections.items():
        match = re.fullmatch(rf"`{PROGRAM} (\w+)`", heading)
        assert match, f"commands.md: a section that names no command: {heading!r}"
        documented[match.group(1)] = set(re.findall(r"`(--[\w-]+)", body))
    assert sorted(documented) == sorted(COMMANDS), "commands.md: a command section per command"
    for name, parser in COMMANDS.items():
        own = _long_options(parser) - GLOBAL_OPTIONS
        assert documented[name] - GLOBAL_OPTIONS == own, f"commands.md: options of {name}"


def test_the_options_every_command_takes_are_documented():
    text = COMMANDS_PAGE.read_text(encoding="utf-8")
    intro = text.split("\n## ", 1)[0]
    assert set(re.findall(r"`(--[\w-]+)", intro)) == GLOBAL_OPTIONS | {"--help"}


@pytest.mark.parametrize("page", EVERY_PAGE, ids=lambda p: p.name)
def test_every_command_line_in_the_docs_is_one_the_app_accepts(page: Path):
    for words in invocations(page.read_text(encoding="utf-8")):
        command = words[0] if words and not words[0].startswith("-") else None
        if command is not None and command.isupper():  # a placeholder such as COMMAND
            continue
        if command is not None:
            assert command in COMMANDS, f"{page.name}: no command {command!r}: {words}"
        allowed = GLOBAL_OPTIONS | {"--help"}
        if command is not None:
            allowed |= _long_options(COMMANDS[command])
        for word in words:
            option = word.split("=")[0]
            if option.startswith("--"):
                assert option in allowed, f"{page.name}: {PROGRAM} {command} has no {option}"


def test_every_configuration_key_has_a_row_and_every_row_is_a_key():
    text = CONFIG_PAGE.read_text(encoding="utf-8")
    reference = text.split("\n## Reference", 1)[1].split("\n## ", 1)[0]
    documented: dict[str, set[str]] = {}
    for heading, body in _sections(reference, 3).items():
        table = "" if heading == "Top level" else heading.strip("[]`")
        documented[table] = set(re.findall(r"^\| `(\w+)` \|", body, re.MULTILINE))
    assert documented == KEYS


@pytest.mark.parametrize("page", EVERY_PAGE, ids=lambda p: p.name)
def test_every_key_in_a_toml_example_exists(page: Path):
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"^```toml\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
        table = ""
        for line in block.splitlines():
            header = re.match(r"^\[\[?([\w.-]+)\]\]?", line)
            if header:
                # A table that is not one of the file's is a catalogue entry: a provider's keys.
                table = header.group(1) if header.group(1) in KEYS else "providers"
                continue
            key = re.match(r"^#? ?(\w+) *=", line)
            if key:
                assert key.group(1) in KEYS[table], f"{page.name}: no key {key.group(1)!r}"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=lambda p: p.name)
def test_links_between_pages_lead_somewhere(page: Path):
    text = page.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'<img src="([^"]+)"', text)
    for target in targets:
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: link to a missing {target}"
        if anchor and file.suffix == ".md":
            headings = HEADING.findall(file.read_text(encoding="utf-8"))
            assert anchor in {slug(h) for _, h in headings}, f"{page.name}: no #{anchor}"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=lambda p: p.name)
def test_pages_say_what_is_true_now_not_the_work_history(page: Path):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"\b[Ii]ssues? #?\d+", text), f"{page.name} cites an issue number"
