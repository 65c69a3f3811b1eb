"""`dilmac termbase validate`: each check on a small termbase, failing and passing, with file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.lint.termbase_validation import validate

TODAY = date(2026, 11, 22)

GOOD = """\
format: 2
domain: countries-and-places
concepts:
  - id: place.baku
    domain: countries-and-places
    definition: The capital of Azerbaijan.
    jurisdiction: AZ
    verified: "2026-11-01"
    sources:
      - {id: constitution, title: "Constitution of the Republic of Azerbaijan, 1995", seen: "2026-11-01"}
    terms:
      en: [{text: Baku, status: preferred, source: [constitution]}, {text: Baky, status: forbidden}]
      az: [{text: Bakı, status: preferred, source: [constitution]}]
    examples:
      en: {ok: ["We met in Baku."], bad: ["We met in Baky."]}
      az: {ok: ["Bakıda görüşdük."], bad: ["Bakida görüşdük."]}
"""

# Two bodies, one succeeding the other, a title heading the second, and its holders.
ORGS = """\
format: 2
domain: international-organizations
concepts:
  - id: org.old-council
    domain: international-organizations
    definition: A council that became an organisation.
    from: "2009-10-03"
    until: "2021-11-12"
    verified: "2026-11-01"
    sources: [{id: charter, title: Charter, seen: "2026-11-01"}]
    relations: [{type: successor, concept: org.new-org, date: "2021-11-12"}]
    terms:
      en: [{text: Old Council, status: superseded, until: "2021-11-12"}]
    examples:
      en: {ok: [{text: "The Old Council met.", date: "2020-01-01"}], bad: ["The Old Council met."]}
  - id: org.new-org
    domain: international-organizations
    definition: The organisation the council became.
    from: "2021-11-12"
    verified: "2026-11-01"
    sources: [{id: charter, title: Charter, seen: "2026-11-01"}]
    relations: [{type: predecessor, concept: org.old-council, date: "2021-11-12"}]
    terms:
      en: [{text: New Organisation, status: preferred, source: [charter]}, {text: New Organization, status: deprecated}]
    examples:
      en: {ok: ["The New Organisation met."], bad: ["The New Organization met."]}
"""
TITLES = """\
format: 2
domain: titles-and-ranks
concepts:
  - id: title.new-org-head
    domain: titles-and-ranks
    definition: The head of the New Organisation.
    jurisdiction: org.new-org
    verified: "2026-11-01"
    sources: [{id: charter, title: Charter, seen: "2026-11-01"}]
    relations: [{type: head-of, concept: org.new-org}]
    terms:
      en: [{text: Head of the New Organisation, status: preferred, source: [charter]}, {text: Chair of the New Organisation, status: forbidden}]
    examples:
      en: {ok: ["The Head of the New Organisation spoke."], bad: ["The Chair of the New Organisation spoke."]}
"""
PEOPLE = """\
format: 2
domain: people
concepts:
  - id: person.first-head
    domain: people
    definition: The first head.
    verified: "2026-11-01"
    sources: [{id: news, title: News, seen: "2026-11-01"}]
    offices: [{concept: title.new-org-head, from: "2021-11-12", until: "2023-01-01"}]
    terms:
      en: [{text: Ann First, status: preferred, source: [news]}, {text: Anne First, status: deprecated}]
    examples:
      en: {ok: ["Ann First spoke."], bad: ["Anne First spoke."]}
  - id: person.second-head
    domain: people
    definition: The second head.
    verified: "2026-11-01"
    sources: [{id: news, title: News, seen: "2026-11-01"}]
    offices: [{concept: title.new-org-head, from: "2023-01-01"}]
    terms:
      en: [{text: Bob Second, status: preferred, source: [news]}, {text: Bobb Second, status: deprecated}]
    examples:
      en: {ok: ["Bob Second spoke."], bad: ["Bobb Second spoke."]}
"""


def problems_of(tmp_path: Path, text: str, name: str = "tb.yaml", *extra: tuple[str, str]) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    paths = [path]
    for other_name, other_text in extra:
        (tmp_path / other_name).write_text(other_text, encoding="utf-8")
        paths.append(tmp_path / other_name)
    found, _count = validate(paths, TODAY)
    return [f"{p.line}:{p.check}:{p.message}" for p in found]


def offices_problems(tmp_path: Path, people: str = PEOPLE, orgs: str = ORGS) -> list[str]:
    return problems_of(tmp_path, people, "people.yaml", ("orgs.yaml", orgs), ("titles.yaml", TITLES))


def test_good_termbase_has_no_problems(tmp_path):
    assert problems_of(tmp_path, GOOD) == []


def test_people_offices_and_successions_that_hold_have_no_problems(tmp_path):
    assert offices_problems(tmp_path) == []


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = GOOD.replace("    domain: countries-and-places\n", "    domain: [unclosed\n")
    [problem] = problems_of(tmp_path, text)
    assert problem.split(":")[1] == "syntax"


def test_anchors_and_aliases_are_refused_with_the_line(tmp_path):
    text = GOOD.replace("    jurisdiction: AZ\n", "    jurisdiction: &state AZ\n    note: *state\n")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("7:syntax:YAML anchors and aliases (&state / *state) are not allowed")


def test_a_format_1_file_is_named_as_such(tmp_path):
    text = GOOD.replace("format: 2\n", "")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("1:schema:a format-1 termbase file")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "status: preferred, source: [constitution]}, {text: Baky",
            "status: favourite, source: [constitution]}, {text: Baky",
            12,
            "'favourite' is not one of preferred, admitted, deprecated, superseded, forbidden",
        ),
        (
            "{text: Bakı, status: preferred, source",
            "{text: Bakı, status: preferred, from: 2024-13-01, source",
            13,
            "not a date",
        ),
        ("    sources:", "    colour: red\n    sources:", 4, "Additional properties are not allowed ('colour'"),
        ("id: place.baku", "id: Place Baku", 4, "does not match"),
        ("    jurisdiction: AZ", "    jurisdiction: Azerbaijan", 7, "does not match"),
        (
            "{text: Baky, status: forbidden}",
            "{text: Baky, status: forbidden, type: misspelling}",
            12,
            "'misspelling' is not one of",
        ),
        ('seen: "2026-11-01"}', 'url: "https://e-qanun.az"}', 10, "'seen' is a required property"),
    ],
)
def test_schema_errors_point_at_the_line(tmp_path, old, new, line, message):
    [problem] = problems_of(tmp_path, GOOD.replace(old, new, 1))
    got_line, check, text = problem.split(":", 2)
    assert check == "schema"
    assert int(got_line) == line
    assert message in text


def test_a_concept_in_another_domains_file_is_a_warning(tmp_path):
    path = tmp_path / "tb.yaml"
    path.write_text(
        GOOD.replace("domain: countries-and-places\nconcepts", "domain: documents\nconcepts"), encoding="utf-8"
    )
    problems, _ = validate([path], TODAY)
    assert [(p.check, p.severity) for p in problems] == [("domain", "warning")]
    assert "move it to countries-and-places.yaml" in problems[0].message


def test_every_concept_needs_a_definition_and_a_verified_date(tmp_path):
    text = GOOD.replace("    definition: The capital of Azerbaijan.\n", "").replace('    verified: "2026-11-01"\n', "")
    assert problems_of(tmp_path, text) == [
        "4:definition:place.baku: no definition: say in a sentence what it is",
        "4:definition:place.baku: no 'verified' date: the day its facts were last checked",
    ]


def test_verified_more_than_a_year_ago_is_a_warning(tmp_path):
    path = tmp_path / "tb.yaml"
    path.write_text(GOOD.replace('verified: "2026-11-01"', 'verified: "2025-11-01"'), encoding="utf-8")
    problems, _ = validate([path], TODAY)
    assert [(p.line, p.check, p.severity) for p in problems] == [(4, "stale", "warning")]
    assert "verified on 2025-11-01, more than a year ago" in problems[0].message
    path.write_text(GOOD.replace('verified: "2026-11-01"', 'verified: "2025-11-23"'), encoding="utf-8")
    assert validate([path], TODAY)[0] == []  # 364 days


def test_preferred_and_admitted_terms_need_a_source(tmp_path):
    text = GOOD.replace("{text: Bakı, status: preferred, source: [constitution]}", "{text: Bakı, status: preferred}")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("13:unattested:preferred az term “Bakı” has no source: cite where")


def test_a_cited_source_must_be_listed_and_ids_unique(tmp_path):
    text = GOOD.replace(
        "{text: Bakı, status: preferred, source: [constitution]}", "{text: Bakı, status: preferred, source: [law]}"
    )
    assert problems_of(tmp_path, text) == [
        "13:sources:“Bakı” cites source law, which place.baku does not list under 'sources'"
    ]
    twice = GOOD.replace(
        '      - {id: constitution, title: "Constitution of the Republic of Azerbaijan, 1995", seen: "2026-11-01"}\n',
        '      - {id: constitution, title: "Constitution of the Republic of Azerbaijan, 1995", seen: "2026-11-01"}\n'
        '      - {id: constitution, url: "https://e-qanun.az/framework/897", seen: "2026-11-01"}\n',
    )
    assert [p for p in problems_of(tmp_path, twice) if ":sources:" in p] == [
        "10:sources:place.baku: source id constitution is used twice",
        "11:sources:place.baku: source id constitution is used twice",
    ]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ('{text: Bakı, status: admitted, house: true, note: "House rendering: unattested."}', []),
        ('{text: Bakı, status: preferred, house: true, note: "House rendering."}', ["with status preferred"]),
        ("{text: Bakı, status: admitted, house: true}", ["say so in its note"]),
    ],
)
def test_house_renderings_are_admitted_and_say_so(tmp_path, term, expected):
    text = GOOD.replace("{text: Bakı, status: preferred, source: [constitution]}", term)
    problems = problems_of(tmp_path, text)
    assert len(problems) == len(expected) and all(e in p and ":unattested:" in p for e, p in zip(expected, problems))


def test_duplicate_ids(tmp_path):
    result = problems_of(
        tmp_path,
        GOOD
        + GOOD.split("concepts:\n", 1)[1]
        .replace("Baku", "Baku City")
        .replace("Bakı", "Bakı şəhəri")
        .replace("Baky", "Bakky")
        .replace("Bakida", "Bakı şəhərinda"),
    )
    assert any(":duplicate-id:id place.baku is already used at" in p for p in result)


def test_shared_form_between_concepts(tmp_path):
    other = """\
  - id: place.baku-city
    domain: countries-and-places
    definition: The city.
    verified: "2026-11-01"
    sources: [{id: charter, title: "City charter, 2001", seen: "2026-11-01"}]
    terms:
      en: [{text: BAKU, status: preferred, source: [charter]}]
    examples:
      en: {ok: ["We met in BAKU."], bad: ["We met in Baky."]}
"""
    result = problems_of(tmp_path, GOOD + other)
    assert sum(":shared-form:" in p for p in result) == 2


def test_language_without_a_preferred_term_today(tmp_path):
    text = GOOD.replace(
        "{text: Bakı, status: preferred, source: [constitution]}",
        '{text: Bakı, status: preferred, source: [constitution], until: "2020-01-01"}',
    )
    assert any(
        "no-preferred:place.baku: no preferred az term is valid on 2026-11-22" in p for p in problems_of(tmp_path, text)
    )


def test_a_closed_body_is_named_by_the_terms_of_its_last_day(tmp_path):
    assert not any(":no-preferred:" in p for p in offices_problems(tmp_path))


def test_inverted_and_overlapping_dates(tmp_path):
    text = GOOD.replace(
        "az: [{text: Bakı, status: preferred, source: [constitution]}]",
        'az: [{text: Bakı, status: preferred, source: [constitution], from: "2001-01-01"}, '
        '{text: Baki, status: preferred, source: [constitution], from: "2020-01-01", until: "2010-01-01"}]',
    )
    result = problems_of(tmp_path, text)
    assert any("'from' 2020-01-01 is not before 'until' 2010-01-01" in p for p in result)
    assert any("overlap in time" in p for p in result)
    short = GOOD.replace(
        "az: [{text: Bakı, status: preferred, source: [constitution]}]",
        "az: [{text: Bakı, status: preferred, source: [constitution]}, "
        "{text: Bakı şəhəri, status: preferred, type: short, source: [constitution]}]",
    )
    assert not any(":dates:" in p for p in problems_of(tmp_path, short))  # a full and a short name may overlap


def test_mixed_scripts_in_a_term(tmp_path):
    text = GOOD.replace("{text: Bakı, status: preferred", "{text: Bakı Sәhәri, status: preferred")
    [problem] = [p for p in problems_of(tmp_path, text) if ":script:" in p]
    assert "CYRILLIC SMALL LETTER SCHWA" in problem


def test_examples_are_run(tmp_path):
    text = GOOD.replace(
        'ok: ["We met in Baku."], bad: ["We met in Baky."]', 'ok: ["We met in Baky."], bad: ["We met in Baku."]'
    )
    result = problems_of(tmp_path, text)
    assert any("examples:place.baku: bad en example gives no finding: 'We met in Baku.'" in p for p in result)
    assert any("examples:place.baku: ok en example gives findings: [term-forbidden]" in p for p in result)


def test_every_language_with_terms_has_ok_and_bad_examples(tmp_path):
    text = GOOD.replace(
        '      az: {ok: ["Bakıda görüşdük."], bad: ["Bakida görüşdük."]}\n', '      az: {ok: ["Bakıda görüşdük."]}\n'
    )
    assert problems_of(tmp_path, text) == [
        "4:examples:place.baku: no bad az example: add sentences in the style of a press release, with inflected forms"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    jurisdiction: AZ", "    jurisdiction: org.nowhere", "jurisdiction names unknown concept org.nowhere"),
        (
            "    sources:",
            "    relations: [{type: see-also, concept: place.nowhere}]\n    sources:",
            "'see' names unknown concept",
        ),
        (
            "    sources:",
            "    relations: [{type: part-of, concept: place.nowhere}]\n    sources:",
            "relation part-of names unknown",
        ),
        (
            "    sources:",
            "    offices: [{concept: title.nowhere}]\n    sources:",
            "office names unknown concept title.nowhere",
        ),
    ],
)
def test_unknown_references(tmp_path, old, new, message):
    [problem] = problems_of(tmp_path, GOOD.replace(old, new))
    assert ":unknown-reference:" in problem and message in problem


def test_two_holders_of_a_single_office_on_one_day(tmp_path):
    people = PEOPLE.replace(
        '{concept: title.new-org-head, from: "2023-01-01"}', '{concept: title.new-org-head, from: "2022-06-01"}'
    )
    [problem] = offices_problems(tmp_path, people)
    assert ":offices:person.first-head and person.second-head both hold title.new-org-head" in problem
    assert "on 2022-06-01" in problem


def test_an_office_without_a_head_of_relation_may_have_many_holders(tmp_path):
    people = PEOPLE.replace(
        '{concept: title.new-org-head, from: "2023-01-01"}', '{concept: title.new-org-head, from: "2022-06-01"}'
    )
    titles_without_head = TITLES.replace("    relations: [{type: head-of, concept: org.new-org}]\n", "")
    problems = problems_of(tmp_path, people, "people.yaml", ("orgs.yaml", ORGS), ("titles.yaml", titles_without_head))
    assert problems == []


def test_an_office_held_before_its_body_existed_or_after_it_ended(tmp_path):
    early = PEOPLE.replace('from: "2021-11-12", until: "2023-01-01"', 'from: "2020-01-01", until: "2023-01-01"')
    [problem] = offices_problems(tmp_path, early)
    assert ":offices:person.first-head: holds title.new-org-head from 2020-01-01, before org.new-org existed" in problem
    closed = ORGS.replace(
        '    from: "2021-11-12"\n    verified', '    from: "2021-11-12"\n    until: "2022-12-01"\n    verified'
    )
    assert any("after org.new-org ended (2022-12-01)" in p for p in offices_problems(tmp_path, orgs=closed))


def test_successor_dates_must_meet(tmp_path):
    orgs = ORGS.replace('    from: "2021-11-12"\n    verified', '    from: "2021-11-15"\n    verified')
    problems = [p for p in offices_problems(tmp_path, orgs=orgs) if ":succession:" in p]
    assert any(
        "org.old-council ends on 2021-11-12 but its successor org.new-org begins on 2021-11-15" in p for p in problems
    )
    assert any("the succession date 2021-11-12 differs from its successor's from 2021-11-15" in p for p in problems)


def test_successor_relations_must_be_stated_both_ways(tmp_path):
    orgs = ORGS.replace('    relations: [{type: predecessor, concept: org.old-council, date: "2021-11-12"}]\n', "")
    problems = [p for p in offices_problems(tmp_path, orgs=orgs) if ":succession:" in p]
    assert problems == [
        "11:succession:org.old-council names org.new-org as successor, but org.new-org does not name it as predecessor"
    ]


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["termbase", "validate", "--termbase", str(good)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "1 concepts checked: ok"
    stale = tmp_path / "stale.yaml"
    stale.write_text(GOOD.replace('verified: "2026-11-01"', 'verified: "2024-01-01"'), encoding="utf-8")
    result = runner.invoke(app, ["termbase", "validate", "--termbase", str(stale)])
    assert result.exit_code == 0 and result.stdout.strip().endswith("1 concepts checked: ok, 1 warning")
    assert f"{stale}:4: [stale, warning] place.baku: verified on 2024-01-01" in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace(
            "status: preferred, source: [constitution]}, {text: Baky",
            "status: favourite, source: [constitution]}, {text: Baky",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["termbase", "validate", "--termbase", str(bad)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{bad}:12: [schema] place.baku: terms/en/0/status: 'favourite' is not one of")


def test_offices_whose_start_is_not_known_are_not_compared(tmp_path):
    people = PEOPLE.replace('from: "2021-11-12", until: "2023-01-01"', 'until: "2023-01-01"').replace(
        '{concept: title.new-org-head, from: "2023-01-01"}', "{concept: title.new-org-head}"
    )
    assert offices_problems(tmp_path, people) == []
