"""Markdown (CommonMark with the GitHub and static-site extensions press releases use).

Not a full CommonMark parser: it finds exactly what must not be checked and blanks it, keeping
every other character where it is.

Blanked with spaces: YAML (`---`) or TOML (`+++`) front matter, fenced and indented code blocks,
code spans, link reference definitions, link destinations and titles, autolinks and bare URLs,
HTML tags, `<script>`/`<style>`/`<pre>`/`<textarea>` elements, `{{ … }}` / `{% … %}` template
tags. Replaced with FILLER (deleted by normalisation, so the words on either side join up as they
do when rendered: `**Türkiye**'nin` reads `Türkiye'nin`): HTML comments, inline HTML formatting
tags (`<b>`, `<span>`, …), the brackets around link text, and the `*`/`_` runs that pair up as
emphasis. Backslash escapes and entities are decoded in place (`\\*` → `*` + FILLER).
"""

from __future__ import annotations

import bisect
import html
import html.entities
import re
from datetime import date
from typing import Any

from dilmac.core.document import FILLER, Document
from dilmac.core.errors import DilmacError
from dilmac.readers.common import (
    Blanker,
    is_no_language,
    line_of,
    normalize_lang,
    parse_date,
    path_language,
)

# Inline HTML elements whose tags vanish when rendered (no space): their tags become FILLER.
INLINE_TAGS = frozenset(
    """
a abbr b bdi bdo big cite data del dfn em font i ins label mark nobr q s small span strike
strong time tt u wbr
""".split()
)
RAW_TEXT_TAGS = ("script", "style", "pre", "textarea")

ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Front matter
FM_OPEN = re.compile(r"(---|\+\+\+)[ \t]*\r?\n")
YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*\r?$", re.M)
KEY_VALUE = re.compile(r"^[A-Za-z_][\w-]*[ \t]*[:=]", re.M)
DATE_LIKE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
LANG_KEYS = ("lang", "language", "locale")

# Blocks (matched on a line after its blockquote markers and indentation)
QUOTE = re.compile(r" {0,3}> ?")
FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
FENCE_CLOSE = re.compile(r"(`{3,}|~{3,})[ \t]*")
THEMATIC = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")
LIST_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])([ \t]+|$)")
LINK_DEF = re.compile(
    r"\[(?!\^)(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*(?:<[^>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*"
)
ATX = re.compile(r"#{1,6}(?:[ \t]|$)")

# Inline
BACKTICK_RUN = re.compile("`+")
INTERESTING = re.compile(r"[\\`<&!\[\]*_{]|(?<![\w.@/-])(?:(?:https?|ftp)://|www\.)", re.I)
BLANK_LINE = re.compile(r"^[ \t\r]*$", re.M)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_ATTR = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)" + _ATTR + r"*\s*/?>")
CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
# `<?…?>`, `<!X…>`, `<![CDATA[…]]>`, `{{…}}`, `{%…%}`: opener → closer, found with an index.
DELIMITED = (("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">"))
TEMPLATES = (("{{", "}}"), ("{%", "%}"))
RAW_OPEN = re.compile(r"<(script|style|pre|textarea)(?=[\s/>])", re.I)
BARE_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>]*", re.I)
REF_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.){0,999}\]")
DESTINATION = re.compile(r"(?:[^\x00-\x20()\\]|\\.|\((?:[^\x00-\x20()\\]|\\.)*\))*")
LINE_INDENT = re.compile(r"[ \t]*")
MAX_TAG = 4096  # no tag, link destination or title is longer; bounds every search


def unclosed_fence_notice(line: int, marker: str) -> str:
    """The notice for a code fence opened at `line` with `marker` (` or ~) and never closed."""
    return (
        f"line {line}: the code block that starts here is never closed (no closing {marker * 3}), "
        "so the rest of the file is not checked"
    )


def read_markdown(source: str, path: str) -> Document:
    buf = Blanker(source)
    notices: list[str] = []
    start = 1 if source.startswith("\ufeff") else 0
    end, meta = _front_matter(source, start, path, notices)
    buf.blank(start, end)
    lang, when = _metadata(meta, source, path)
    _Blocks(source, end, buf, notices).run()
    _Inline(buf.text(), end, buf, notices).run()
    return Document(
        path=path, source=source, text=buf.text(), lang=lang or path_language(path), date=when, notices=notices
    )


# --------------------------------------------------------------------------- front matter


class _Meta:
    def __init__(self, values: dict[str, Any], body: str, body_offset: int) -> None:
        self.values = values
        self.body = body
        self.body_offset = body_offset

    def where(self, key: str) -> tuple[int | None, int | None, str | None]:
        """Offset of the key's value in the source, and the value as written."""
        match = re.search(rf"^{re.escape(key)}[ \t]*[:=][ \t]*(.*?)[ \t]*\r?$", self.body, re.M | re.I)
        if not match:
            return None, None, None
        raw = re.sub(r"[ \t]+#.*$", "", match.group(1)).strip().strip("\"'")
        return self.body_offset + match.start(), self.body_offset + match.start(1), raw


def _front_matter(source: str, start: int, path: str, notices: list[str]) -> tuple[int, _Meta | None]:
    opening = FM_OPEN.match(source, start)
    if not opening:
        return start, None
    toml = opening.group(1) == "+++"
    closing = (TOML_CLOSE if toml else YAML_CLOSE).search(source, opening.end())
    if not closing:
        if KEY_VALUE.match(source, opening.end()):
            notices.append(
                f"line {line_of(source, start)[0]}: the front matter is not closed "
                f"with a “{opening.group(1)}” line, so it is checked as text and its "
                "lang/date are not used"
            )
        return start, None
    body_offset = opening.end()
    body = source[body_offset : closing.start()]
    values = _parse_toml(body, source, body_offset, path) if toml else _parse_yaml(body, source, body_offset, path)
    return closing.end(), _Meta(values, body, body_offset)


def _parse_yaml(body: str, source: str, body_offset: int, path: str) -> dict[str, Any]:
    import yaml  # only for files with YAML front matter: PyYAML costs start-up time

    from dilmac.core.yamlfile import PlainLoader

    first_line = line_of(source, body_offset)[0]
    hint = (
        "the front matter is the block between the “---” lines at the top; fix the line "
        'shown (values containing “: ” need quotes, e.g. title: "Baku: the summit")'
    )
    try:
        data = yaml.load(body, Loader=PlainLoader)  # no alias bombs, no deep nesting
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DilmacError(
            f"the front matter is not valid YAML: {problem}",
            path=path,
            line=first_line + mark.line if mark else first_line,
            column=mark.column + 1 if mark else None,
            hint=hint,
        ) from None
    except Exception as exc:
        line, column = first_line, None
        for match in DATE_LIKE.finditer(body):
            try:
                date(*map(int, match.group().split("-")))
            except ValueError:
                line, column = line_of(source, body_offset + match.start())
                raise DilmacError(
                    f"the front matter has an impossible date “{match.group()}” ({exc})",
                    path=path,
                    line=line,
                    column=column,
                    hint="write dates as YYYY-MM-DD, e.g. date: 2024-03-05",
                ) from None
        raise DilmacError(f"the front matter could not be read: {exc}", path=path, line=line, hint=hint) from None
    return _as_mapping(data, source, body_offset, path)


def _parse_toml(body: str, source: str, body_offset: int, path: str) -> dict[str, Any]:
    import tomllib

    first_line = line_of(source, body_offset)[0]
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = first_line + int(where.group(1)) - 1 if where else first_line
        column = int(where.group(2)) if where else None
        problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise DilmacError(
            f"the front matter is not valid TOML: {problem}",
            path=path,
            line=line,
            column=column,
            hint="the front matter is the block between the “+++” lines at the top; fix the line shown",
        ) from None
    return _as_mapping(data, source, body_offset, path)


def _as_mapping(data: object, source: str, body_offset: int, path: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DilmacError(
            "the front matter is not a list of “key: value” lines",
            path=path,
            line=line_of(source, body_offset)[0] - 1,
            hint="front matter (between the “---” lines at the top) holds lines "
            "like “lang: az” and “date: 2024-03-05”; if this file has none, "
            "do not start it with a “---” line",
        )
    return {str(key).lower(): value for key, value in data.items()}


def _metadata(meta: _Meta | None, source: str, path: str) -> tuple[str | None, date | None]:
    if meta is None:
        return None, None
    lang = None
    for key in LANG_KEYS:
        if key in meta.values and meta.values[key] is not None:
            value = meta.values[key]
            _offset, value_offset, raw = meta.where(key)
            if not isinstance(value, str) and raw is not None and not isinstance(value, list):
                value = raw  # YAML turns `lang: no` (Norwegian) into False
            lang = normalize_lang(value)
            if lang is None and not is_no_language(value):
                line, column = line_of(source, value_offset) if value_offset is not None else (None, None)
                raise DilmacError(
                    f"the front matter {key} “{value}” is not a language code",
                    path=path,
                    line=line,
                    column=column,
                    hint=f"write {key}: en, {key}: az or {key}: tr",
                )
            break
    when = None
    value = meta.values.get("date")
    if value is not None and value != "":
        try:
            when = parse_date(value)
        except ValueError as exc:
            _, value_offset, raw = meta.where("date")
            line, column = line_of(source, value_offset) if value_offset is not None else (None, None)
            shown = raw if raw is not None else value
            raise DilmacError(
                f"the front matter date “{shown}” is not a date ({exc})",
                path=path,
                line=line,
                column=column,
                hint="write the date as YYYY-MM-DD, e.g. date: 2024-03-05",
            ) from None
    return lang, when


# --------------------------------------------------------------------------- blocks


def _indent(source: str, start: int, end: int) -> tuple[int, int]:
    """Columns of leading white space (tabs to stops of 4) and the index after it."""
    col, i = 0, start
    while i < end and source[i] in " \t":
        col = col + 4 - col % 4 if source[i] == "\t" else col + 1
        i += 1
    return col, i


class _Blocks:
    """Line pass: fenced and indented code, link reference definitions."""

    def __init__(self, source: str, start: int, buf: Blanker, notices: list[str]) -> None:
        self.source = source
        self.start = start
        self.buf = buf
        self.notices = notices

    def lines(self):
        source, pos, n = self.source, self.start, len(self.source)
        line_no = source.count("\n", 0, pos) + 1
        while True:
            nl = source.find("\n", pos)
            end = n if nl == -1 else nl
            yield line_no, pos, end
            if nl == -1:
                return
            pos, line_no = nl + 1, line_no + 1

    def run(self) -> None:
        source, buf = self.source, self.buf
        fence: tuple[str, int, int, int, int] | None = None  # char, length, base, depth, line
        lists: list[int] = []  # content indents of the open list items
        paragraph = False  # a paragraph is open (indented code cannot interrupt it)
        prev_blank = True
        for line_no, pos, end in self.lines():
            stop = end - 1 if end > pos and source[end - 1] == "\r" else end
            q, depth = pos, 0
            while m := QUOTE.match(source, q, stop):
                q, depth = m.end(), depth + 1
            indent, first = _indent(source, q, stop)
            blank = first >= stop

            if fence is not None:
                char, length, base, fence_depth, _ = fence
                if depth < fence_depth or (not blank and indent < base):
                    fence = None  # its container (quote, list item) ended
                else:
                    closing = FENCE_CLOSE.fullmatch(source, first, stop)
                    if (
                        closing
                        and indent - base <= 3
                        and closing.group(1)[0] == char
                        and len(closing.group(1)) >= length
                    ):
                        fence = None
                    buf.blank(pos, end)
                    prev_blank = False
                    continue
            if blank:
                paragraph, prev_blank = False, True
                continue
            marker = LIST_MARKER.match(source, first, stop)
            thematic = THEMATIC.fullmatch(source, first, stop)
            if prev_blank or (marker and not thematic):
                while lists and indent < lists[-1]:
                    lists.pop()
            base = lists[-1] if lists else 0
            prev_blank = False

            if indent - base >= 4 and not paragraph:
                buf.blank(pos, end)  # indented code block
                continue
            if thematic:
                paragraph = False
                continue
            if self._fence(line_no, first, stop, pos, end, base, depth):
                fence = self._open
                paragraph = False
                continue
            if marker:
                width = marker.end(1) - first
                spaces, rest = _indent(source, marker.end(1), stop)
                if rest >= stop or spaces > 4:
                    content = indent + width + 1
                else:
                    content = indent + width + spaces
                lists.append(content)
                if rest < stop and self._fence(line_no, rest, stop, pos, end, content, depth):
                    fence = self._open
                    paragraph = False
                else:
                    paragraph = rest < stop
                continue
            if not paragraph and LINK_DEF.fullmatch(source, first, stop):
                buf.blank(pos, end)
                continue
            paragraph = not ATX.match(source, first, stop)
        if fence is not None and fence[3] == 0 and fence[2] == 0:
            self.notices.append(unclosed_fence_notice(fence[4], fence[0]))

    def _fence(self, line_no: int, first: int, stop: int, pos: int, end: int, base: int, depth: int) -> bool:
        opening = FENCE_OPEN.match(self.source, first, stop)
        if not opening or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            return False
        self._open = (opening.group(1)[0], len(opening.group(1)), base, depth, line_no)
        self.buf.blank(pos, end)
        return True


# --------------------------------------------------------------------------- inline


class _Delim:
    __slots__ = ("can_close", "can_open", "char", "end", "start")

    def __init__(self, start: int, end: int, char: str, can_open: bool, can_close: bool):
        self.start, self.end, self.char = start, end, char
        self.can_open, self.can_close = can_open, can_close


def _is_punct(c: str) -> bool:
    return c in ASCII_PUNCT or (not c.isalnum() and not c.isspace() and c.isprintable())


class _Inline:
    """Left-to-right pass over the block-blanked text, paragraph by paragraph."""

    def __init__(self, work: str, start: int, buf: Blanker, notices: list[str]) -> None:
        self.work = work
        self.start = start
        self.buf = buf
        self.notices = notices
        self.blank_lines = [m.start() for m in BLANK_LINE.finditer(work, start)]
        self._ends: dict[str, list[int]] = {}
        self._runs: dict[int, list[int]] = {}  # backtick runs of the paragraph ending at _runs_end
        self._runs_end = -1
        self.para_end = 0
        self.brackets: list[tuple[int, bool]] = []
        self.delims: list[_Delim] = []

    def next(self, token: str, i: int) -> int:
        """Index of the next `token` at or after i (len(work) if none), from a cached index."""
        ends = self._ends.get(token)
        if ends is None:
            ends = self._ends[token] = [m.start() for m in re.finditer(re.escape(token), self.work)]
        k = bisect.bisect_left(ends, i)
        return ends[k] if k < len(ends) else len(self.work)

    def line_start(self, i: int) -> int:
        return self.work.rfind("\n", max(0, i - 256), i) + 1

    def paragraph_end(self, i: int) -> int:
        k = bisect.bisect_right(self.blank_lines, i)
        return self.blank_lines[k] if k < len(self.blank_lines) else len(self.work)

    def run(self) -> None:
        work, n = self.work, len(self.work)
        i = self.start
        self.para_end = self.paragraph_end(i)
        while i < n:
            m = INTERESTING.search(work, i)
            if not m:
                break
            i = m.start()
            if i >= self.para_end:
                self.flush()
                self.para_end = self.paragraph_end(i)
            c = work[i]
            handler = self.HANDLERS.get(c)
            if handler is None:  # h, w, f: a bare URL
                i = self.url(i)
            else:
                i = handler(self, i)
        self.flush()

    # each handler gets the index of its character and returns where to continue

    def backslash(self, i: int) -> int:
        nxt = self.work[i + 1] if i + 1 < len(self.work) else ""
        if nxt in ASCII_PUNCT and nxt:
            self.buf.replace(i, i + 2, nxt)
            return i + 2
        if nxt in ("\n", "\r"):
            self.buf.blank(i, i + 1)  # hard line break
        return i + 1

    def backticks(self, i: int) -> int:
        j = BACKTICK_RUN.match(self.work, i).end()
        run = j - i
        starts = self.backtick_runs(i).get(run, ())
        k = bisect.bisect_left(starts, j)
        if k == len(starts):  # no later run of this length closes it
            return j
        end = starts[k] + run
        self.buf.blank(i, end)
        return end

    def backtick_runs(self, i: int) -> dict[int, list[int]]:
        """Where each run of backticks of the paragraph from `i` on starts, by its length: one
        pass per paragraph, so that finding the run that closes a code span is a bisection (a
        search per opening run was quadratic: 2 000 runs of growing length took 19 s)."""
        if self._runs_end != self.para_end:
            runs: dict[int, list[int]] = {}
            for match in BACKTICK_RUN.finditer(self.work, i, self.para_end):
                runs.setdefault(match.end() - match.start(), []).append(match.start())
            self._runs, self._runs_end = runs, self.para_end
        return self._runs

    def angle(self, i: int) -> int:
        work, buf, limit = self.work, self.buf, self.para_end
        if work.startswith("<!--", i):
            if work.startswith("<!-->", i) or work.startswith("<!--->", i):
                end = work.index(">", i + 4) + 1
            else:
                close = self.next("-->", i + 4)
                end = close + 3 if close < len(work) else -1
            if end != -1:
                buf.blank(i, end, FILLER)
                return end
            if LINE_INDENT.match(work, self.line_start(i)).end() == i:  # a block comment
                buf.blank(i, len(work))
                self.notices.append(
                    f"line {line_of(work, i)[0]}: an HTML comment starts here "
                    "but is never closed (no “-->”), so the rest of the file is "
                    "not checked"
                )
                return len(work)
            return i + 1
        raw = RAW_OPEN.match(work, i)
        if raw and (tag := OPEN_TAG.match(work, i, min(len(work), i + MAX_TAG))):
            close = re.compile(rf"</{raw.group(1)}\s*>", re.I).search(work, tag.end())
            if close:
                buf.blank(i, close.end())
                return close.end()
            buf.blank(i, len(work))
            self.notices.append(
                f"line {line_of(work, i)[0]}: a <{raw.group(1).lower()}> element "
                "starts here but is never closed, so the rest of the file is "
                "not checked"
            )
            return len(work)
        limit = min(limit, i + MAX_TAG)
        link = AUTOLINK.match(work, i, limit)
        if link:
            buf.blank(i, link.end())
            return link.end()
        tag = OPEN_TAG.match(work, i, limit) or CLOSE_TAG.match(work, i, limit)
        if tag:
            inline = tag.group(1).lower() in INLINE_TAGS
            buf.blank(i, tag.end(), FILLER if inline else " ")
            return tag.end()
        for opener, closer in DELIMITED:
            if work.startswith(opener, i):
                if opener == "<!" and not work[i + 2 : i + 3].isalpha():
                    continue
                close = self.next(closer, i + len(opener))
                if close + len(closer) <= limit:
                    buf.blank(i, close + len(closer))
                    return close + len(closer)
                break
        return i + 1

    def entity(self, i: int) -> int:
        m = ENTITY.match(self.work, i)
        if not m:
            return i + 1
        raw = m.group()
        if raw[1] == "#" or raw[1:] in html.entities.html5:  # CommonMark: only real entities
            self.buf.decode(i, raw)
        return m.end()

    def bang(self, i: int) -> int:
        if self.work.startswith("![", i):
            self.brackets.append((i, True))
            return i + 2
        return i + 1

    def open_bracket(self, i: int) -> int:
        self.brackets.append((i, False))
        return i + 1

    def close_bracket(self, i: int) -> int:
        if not self.brackets:
            return i + 1
        opener, image = self.brackets.pop()
        work, buf = self.work, self.buf
        nxt = work[i + 1] if i + 1 < len(work) else ""
        end = -1
        if nxt == "(":
            end = self.link_tail(i + 1)
        elif nxt == "[":
            label = REF_LABEL.match(work, i + 1, self.para_end)
            end = label.end() if label else -1
        if end == -1:
            return i + 1
        buf.blank(opener, opener + (2 if image else 1), FILLER)
        buf.blank(i, end, FILLER)
        if not image:  # links cannot contain links: forget the openers before this one
            self.brackets = [b for b in self.brackets if b[1]]
        return end

    def link_tail(self, k: int) -> int:
        """Index after `(destination "title")` starting at the `(` at k, or -1."""
        work = self.work
        limit = min(self.para_end, k + MAX_TAG)
        j = self._skip_space(k + 1, limit)
        if j < limit and work[j] == "<":
            close = work.find(">", j, limit)
            if close == -1 or "\n" in work[j:close]:
                return -1
            j = close + 1
        else:
            j = DESTINATION.match(work, j, limit).end()
        j = self._skip_space(j, limit)
        if j < limit and work[j] in "\"'(":
            closer = ")" if work[j] == "(" else work[j]
            close = work.find(closer, j + 1, limit)
            if close == -1:
                return -1
            j = self._skip_space(close + 1, limit)
        if j < limit and work[j] == ")":
            return j + 1
        return -1

    def _skip_space(self, j: int, limit: int) -> int:
        while j < limit and self.work[j] in " \t\r\n":
            j += 1
        return j

    def emphasis(self, i: int) -> int:
        work, n = self.work, len(self.work)
        char = work[i]
        j = i
        while j < n and work[j] == char:
            j += 1
        before = work[i - 1] if i > 0 else "\n"
        after = work[j] if j < n else "\n"
        left = not after.isspace() and (not _is_punct(after) or before.isspace() or _is_punct(before))
        right = not before.isspace() and (not _is_punct(before) or after.isspace() or _is_punct(after))
        if char == "_":
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        else:
            can_open, can_close = left, right
        if can_open or can_close:
            self.delims.append(_Delim(i, j, char, can_open, can_close))
        return j

    def brace(self, i: int) -> int:
        for opener, closer in TEMPLATES:
            if self.work.startswith(opener, i):
                close = self.next(closer, i + 2)
                if close + 2 <= self.para_end:
                    self.buf.blank(i, close + 2)
                    return close + 2
        return i + 1

    def url(self, i: int) -> int:
        m = BARE_URL.match(self.work, i)
        if not m:
            return i + 1
        url = m.group()
        excess = url.count(")") - url.count("(")
        while url and (url[-1] in "?!.,:*_~'\";" or (url[-1] == ")" and excess > 0)):
            excess -= url[-1] == ")"
            url = url[:-1]
        if len(url) <= (4 if url[:4].lower() == "www." else url.find("://") + 3):
            return i + max(len(url), 1)
        self.buf.blank(i, i + len(url))
        return i + len(url)

    def flush(self) -> None:
        """Pair up the paragraph's emphasis runs; paired runs become FILLER. (CommonMark's
        pairing, without its rule of three and without splitting runs.)"""
        openers: dict[str, list[_Delim]] = {"*": [], "_": []}
        for d in self.delims:
            mine, other = openers[d.char], openers["_" if d.char == "*" else "*"]
            if d.can_close and mine:
                opener = mine.pop()
                while other and other[-1].start > opener.start:
                    other.pop()  # delimiters between a matched pair are text
                self.buf.blank(opener.start, opener.end, FILLER)
                self.buf.blank(d.start, d.end, FILLER)
            elif d.can_open:
                mine.append(d)
        self.delims = []
        self.brackets = []

    HANDLERS = {
        "\\": backslash,
        "`": backticks,
        "<": angle,
        "&": entity,
        "!": bang,
        "[": open_bracket,
        "]": close_bracket,
        "*": emphasis,
        "_": emphasis,
        "{": brace,
    }
