"""Baselines: adopt dilmac on a repository that already has findings, and gate only new ones.

`dilmac lint --write-baseline FILE` records the findings of today, each with a reason and an
optional expiry date; `dilmac lint --baseline FILE` then reports only findings that are not
recorded, and those whose entry has expired. The file is YAML meant to be read and edited by
people (`reason` and `expires`); it is rewritten in a stable order so that its diffs stay small.

Findings are matched by content (`dilmac.core.fingerprint`: rule, file, concept, text found, the
line's text), never by line number, so edits elsewhere in a file do not bring baselined
findings back; editing the finding's own line does, and so do renaming the file and changing
the concept in the termbase. Files are named relative to the baseline file, so it does not
matter from where dilmac runs or how the paths were typed.

Matching counts: an entry with `count: 2` stands for two identical lines; a third identical
finding is new. An entry is valid through its `expires` date; after that its findings are
reported again, their message saying since when. Entries that match nothing any more (fixed,
or their line edited) are counted, not reported as failures; `--write-baseline` drops them
and keeps the reason and expiry of every entry still found, so rewriting never renews an
expired entry. Entries for files the run did not lint are left alone: linting a sub-folder
neither counts them as gone nor drops them.
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding
from dilmac.core.fingerprint import fingerprint
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext
from dilmac.core.safe_write import write_atomic
from dilmac.core.yamlfile import LineDict, LineList, load_yaml
from dilmac.lint.pipeline import FileResult, Run

VERSION = 1
DEFAULT_REASON = "accepted when the baseline was written"
ENTRY_KEYS = ("fingerprint", "count", "rule", "path", "found", "message", "reason", "expires")
HEADER = """\
# dilmac baseline: findings accepted for now. `dilmac lint --baseline THIS_FILE` reports only
# findings not listed here, and those whose entry has expired. Edit `reason` and `expires`
# (YYYY-MM-DD, valid through that day) as you like; the other fields identify the finding.
# `dilmac lint --write-baseline THIS_FILE` rewrites it, keeping the reasons and expiry dates of
# the entries still found. Paths are relative to this file.
"""
FINGERPRINT = re.compile(r"[0-9a-f]{32}")
HINT_WRITE = "write one with: dilmac lint --write-baseline FILE PATHS..."


@dataclass
class Entry:
    fingerprint: str
    count: int
    rule: str
    path: str
    found: str
    message: str
    reason: str = DEFAULT_REASON
    expires: date | None = None

    def expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def to_yaml(self) -> dict:
        data = {
            "fingerprint": self.fingerprint,
            "count": self.count,
            "rule": self.rule,
            "path": self.path,
            "found": self.found,
            "message": self.message,
            "reason": self.reason,
        }
        if self.expires is not None:
            data["expires"] = self.expires
        return data


@dataclass
class Applied:
    """What `apply` did: findings hidden, findings shown again because their entry expired,
    and baselined findings that no longer occur."""

    suppressed: int
    expired: int
    gone: int


@dataclass
class Written:
    entries: int  # entries in the file
    findings: int  # findings they stand for
    added: int  # findings recorded for the first time
    dropped: int  # baselined findings that no longer occur
    expired: int  # findings whose (kept) entry has expired


def load(path: Path) -> list[Entry]:
    """The entries of a baseline file; a malformed one raises DilmacError at its line."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DilmacError("baseline file not found", path=where, hint=HINT_WRITE) from None
    except UnicodeDecodeError as exc:
        raise DilmacError(
            f"not valid UTF-8 at byte {exc.start}", path=where, hint="save the baseline as UTF-8, or write it again"
        ) from None
    except OSError as exc:
        raise DilmacError(f"cannot read the baseline: {exc.strerror}", path=where) from None
    data = load_yaml(text, where, what="baseline")
    if not isinstance(data, LineDict) or "entries" not in data:
        raise DilmacError(
            "not a dilmac baseline: expected 'version' and 'entries'",
            path=where,
            line=getattr(data, "line", 1),
            hint=HINT_WRITE,
        )
    unknown = sorted(set(data) - {"version", "entries"}, key=str)
    if unknown:
        raise DilmacError(
            f"unknown key {unknown[0]!r}",
            path=where,
            line=data.key_lines[unknown[0]],
            hint="a baseline has only 'version' and 'entries'",
        )
    if data.get("version") != VERSION:
        raise DilmacError(
            f"baseline version {data.get('version')!r} is not supported",
            path=where,
            line=data.key_lines.get("version", data.line),
            hint=f"this dilmac reads version {VERSION}; write the baseline again",
        )
    entries = data["entries"]
    if entries is None:
        return []
    if not isinstance(entries, LineList):
        raise DilmacError("'entries' must be a list", path=where, line=data.key_lines["entries"], hint=HINT_WRITE)
    return [_entry(item, where, line) for item, line in zip(entries, entries.item_lines)]


def _entry(item: object, where: str, line: int) -> Entry:
    if not isinstance(item, LineDict):
        raise DilmacError(
            "an entry must be a mapping of fields", path=where, line=line, hint="fields: " + ", ".join(ENTRY_KEYS)
        )
    for key in item:
        if key not in ENTRY_KEYS:
            raise DilmacError(
                f"unknown field {key!r}", path=where, line=item.key_lines[key], hint="fields: " + ", ".join(ENTRY_KEYS)
            )

    def at(key: str) -> int:
        return item.key_lines.get(key, line)

    value = item.get("fingerprint")
    if not isinstance(value, str) or not FINGERPRINT.fullmatch(value):
        raise DilmacError(
            "the entry has no valid 'fingerprint' (32 hexadecimal digits)",
            path=where,
            line=at("fingerprint"),
            hint="restore it from version control, or delete the entry and write the baseline again",
        )
    count = item.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise DilmacError(
            f"'count' must be a whole number of at least 1, not {count!r}",
            path=where,
            line=at("count"),
            hint="count is how many identical lines the entry stands for",
        )
    texts = {}
    for key in ("rule", "path", "found", "message", "reason"):
        text = item.get(key, DEFAULT_REASON if key == "reason" else "")
        if not isinstance(text, str):
            raise DilmacError(
                f"'{key}' must be text, not {text!r}", path=where, line=at(key), hint="quote it: " + key + ': "…"'
            )
        texts[key] = text
    expires = item.get("expires")
    if expires is not None:
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError:
            raise DilmacError(
                f"'expires' {expires!r} is not a date",
                path=where,
                line=at("expires"),
                hint="write it as YYYY-MM-DD, e.g. 2025-06-30, or delete the line",
            ) from None
    return Entry(fingerprint=value, count=count, expires=expires, **texts)


class _Dumper(yaml.SafeDumper):
    """Writes every value in place: entries sharing an expiry date get no &anchor/*alias."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump(entries: list[Entry]) -> str:
    entries = sorted(entries, key=lambda e: (e.path, e.rule, e.found, e.fingerprint, e.expires or date.max, e.reason))
    body = yaml.dump(
        {"version": VERSION, "entries": [e.to_yaml() for e in entries]},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
    )
    return HEADER + body


def save(path: Path, text: str) -> None:
    """Write the baseline atomically: the old one stays whole whatever happens."""
    write_atomic(path, text.encode("utf-8"), what="the baseline")


def relative_path(path: str, base: Path) -> str:
    """`path` as the baseline at `base` names it: relative to the baseline's folder, with /."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(base)).replace(os.sep, "/")


def identified(run: Run, base: Path) -> list[tuple[FileResult, Finding, str, str]]:
    """Every finding of the run with its file, its path relative to `base` and its fingerprint."""
    out = []
    for result in run.files:
        rel = relative_path(result.path, base)
        for finding in result.findings:
            out.append((result, finding, rel, fingerprint(finding, result.doc, path=rel)))
    return out


def _linted_paths(run: Run, base: Path) -> set[str]:
    return {relative_path(result.path, base) for result in run.files}


def apply(run: Run, entries: list[Entry], base: Path, today: date, changed=None) -> Applied:
    """Remove the run's baselined findings; mark those of expired entries. Unexpired entries
    absorb findings first, so an expired duplicate never shadows a valid one. Of identical
    findings, those `changed(path, finding)` says are on changed lines are absorbed last:
    with a third identical line added, the added one is the new finding."""
    slots: dict[str, list[list]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.expired(today)):
        slots[entry.fingerprint].append([entry, entry.count])
    suppressed = expired = 0
    hidden: set[int] = set()
    found = identified(run, base)
    if changed is not None:
        found.sort(key=lambda item: changed(item[0].path, item[1]))
    for _result, finding, _rel, key in found:
        slot = next((s for s in slots.get(key, ()) if s[1] > 0), None)
        if slot is None:
            continue
        slot[1] -= 1
        entry = slot[0]
        if entry.expired(today):
            expired += 1
            finding.message += f" (baseline entry expired on {entry.expires.isoformat()}: {entry.reason})"
        else:
            suppressed += 1
            hidden.add(id(finding))
    for result in run.files:
        result.findings = [f for f in result.findings if id(f) not in hidden]
    linted = _linted_paths(run, base)
    gone = sum(left for group in slots.values() for entry, left in group if entry.path in linted)
    return Applied(suppressed=suppressed, expired=expired, gone=gone)


def rewrite(
    run: Run, existing: list[Entry], base: Path, *, reason: str, expires: date | None, today: date
) -> tuple[list[Entry], Written]:
    """The entries that record the run's findings: existing entries still found keep their
    reason and expiry (in file order, each up to its count); findings beyond them get new
    entries with `reason` and `expires`; entries of files the run did not lint stay as they were."""
    linted = _linted_paths(run, base)
    by_key: dict[str, list[tuple[Finding, str]]] = defaultdict(list)
    for _result, finding, rel, key in identified(run, base):
        by_key[key].append((finding, rel))
    old: dict[str, list[Entry]] = defaultdict(list)
    kept = [entry for entry in existing if entry.path not in linted]
    for entry in existing:
        if entry.path in linted:
            old[entry.fingerprint].append(entry)
    added = expired = 0
    for key, found in by_key.items():
        finding, rel = found[0]
        left = len(found)
        for entry in old.pop(key, ()):
            take = min(entry.count, left)
            if take:
                kept.append(
                    Entry(key, take, finding.rule, rel, finding.found, finding.message, entry.reason, entry.expires)
                )
                expired += take if entry.expired(today) else 0
            left -= take
        if left:
            kept.append(Entry(key, left, finding.rule, rel, finding.found, finding.message, reason, expires))
            added += left
    findings = sum(len(found) for found in by_key.values())
    matched = findings - added
    dropped = sum(e.count for e in existing if e.path in linted) - matched
    total = findings + sum(e.count for e in existing if e.path not in linted)
    return kept, Written(entries=len(kept), findings=total, added=added, dropped=dropped, expired=expired)


def narrow(
    run: Run,
    paths: list[Path],
    *,
    baseline: Path | None = None,
    write_to: Path | None = None,
    reason: str | None = None,
    expires: str | None = None,
    changed_since: str | None = None,
    today: date | None = None,
    err=None,
) -> bool:
    """The lint command's --baseline, --write-baseline and --changed-since, applied to the run
    before it is reported, with a line on `err` (stderr) saying what each did. Returns True
    when the findings went into the baseline file instead of being reported."""
    today = today or date.today()
    err = err or sys.stderr
    if write_to is not None:
        if baseline is not None:
            raise DilmacError(
                _("--baseline and --write-baseline cannot be combined"),
                hint=_("--write-baseline FILE alone updates FILE, keeping its reasons and expiry dates"),
            )
        if changed_since is not None:
            raise DilmacError(_("--write-baseline records every finding; it cannot be combined with --changed-since"))
        print(
            _write(
                run, write_to, reason if reason is not None else DEFAULT_REASON, _expiry(expires, today), today, err
            ),
            file=err,
        )
        return True
    if reason is not None or expires is not None:
        raise DilmacError(_("--baseline-reason and --baseline-expires only go with --write-baseline"))
    changed = None
    if changed_since is not None:
        from dilmac.gate.changed import changed_lines, on_changed_lines

        changed = on_changed_lines(changed_lines(paths, changed_since))
    if baseline is not None:
        applied = apply(run, load(baseline), baseline.parent, today, changed)
        line = ngettext(
            "baseline %(path)s: %(n)d finding not shown",
            "baseline %(path)s: %(n)d findings not shown",
            applied.suppressed,
        ) % {"path": baseline, "n": applied.suppressed}
        if applied.expired:
            line += ngettext(
                ", %(n)d finding shown again because the entry expired",
                ", %(n)d findings shown again because the entry expired",
                applied.expired,
            ) % {"n": applied.expired}
        if applied.gone:
            line += ngettext(
                "; %(n)d baselined finding no longer occurs (--write-baseline %(path)s drops them)",
                "; %(n)d baselined findings no longer occur (--write-baseline %(path)s drops them)",
                applied.gone,
            ) % {"n": applied.gone, "path": baseline}
        print(line, file=err)
    if changed is not None:
        from dilmac.gate.changed import keep_changed

        hidden = keep_changed(run, changed)
        shown = ngettext(
            "changed since %(ref)s: %(n)d finding on unchanged lines not shown",
            "changed since %(ref)s: %(n)d findings on unchanged lines not shown",
            hidden,
        )
        print(shown % {"ref": changed_since, "n": hidden}, file=err)
    return False


def _expiry(value: str | None, today: date) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DilmacError(
            _("--baseline-expires %(value)r is not a date") % {"value": value},
            hint=_("write it as YYYY-MM-DD, e.g. 2025-06-30"),
        ) from None
    if day < today:
        raise DilmacError(
            _("--baseline-expires %(value)s is in the past: the entries would expire at once") % {"value": value},
            hint=_("give a date from today on; entries are valid through that day"),
        )
    return day


def _write(run: Run, path: Path, reason: str, expires: date | None, today: date, err) -> str:
    if run.errors:
        for error in run.errors:
            print(_("error: %(message)s") % {"message": error}, file=err)
        raise DilmacError(
            ngettext(
                "baseline not written: %(n)d input error", "baseline not written: %(n)d input errors", len(run.errors)
            )
            % {"n": len(run.errors)},
            path=str(path),
            hint=_("fix the input errors above, so that no file's findings are left out"),
        )
    existing = load(path) if path.exists() else []
    entries, written = rewrite(run, existing, path.parent, reason=reason, expires=expires, today=today)
    text = dump(entries)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        save(path, text)
    findings = ngettext("%(n)d finding", "%(n)d findings", written.findings) % {"n": written.findings}
    line = ngettext(
        "baseline %(path)s: %(findings)s in %(n)d entry (%(added)d new, %(dropped)d no longer found and dropped)",
        "baseline %(path)s: %(findings)s in %(n)d entries (%(added)d new, %(dropped)d no longer found and dropped)",
        written.entries,
    ) % {"path": path, "findings": findings, "n": written.entries, "added": written.added, "dropped": written.dropped}
    if written.expired:
        line += ngettext(
            "; %(n)d finding under an expired entry will still be reported: "
            "fix them or move the entry's 'expires' date",
            "; %(n)d findings under an expired entry will still be reported: "
            "fix them or move the entry's 'expires' date",
            written.expired,
        ) % {"n": written.expired}
    return line
