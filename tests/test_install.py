"""dilmac as users install it.

The sdist and the wheel are built with the standard front end (`python -m build`, which builds
the wheel from the sdist, so a file missing from the sdist is missing from the wheel too), and
their file lists are compared with what the package needs: every file of toolkit/dilmac, the
termbase files dilmac loads plus schema.json, and the interface catalogs (the sdist holds
locales/, the wheel the MO files its build compiles from them). The wheel is then installed into a fresh virtual
environment outside the checkout (the runtime lock, then the wheel alone, no editable install),
where the README's commands run from a directory outside the checkout and must lint the samples
as the checkout does. The README's GitHub Actions install line (a git URL at a release tag) is
run the same way. Together about two minutes, mostly pip.
"""

from __future__ import annotations

import gettext
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import dilmac
from dilmac.termbase.model import termbase_files

REPO = Path(__file__).resolve().parents[1]
NAME = f"dilmac-{dilmac.__version__}"
# Files the sdist carries besides the package and the termbase; setuptools adds the others.
SDIST_DOCUMENTS = {"pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "CHANGELOG.md"}
SDIST_GENERATED = re.compile(r"PKG-INFO|setup\.cfg|toolkit/dilmac\.egg-info/[^/]+")
# pyproject.toml's package data of dilmac: the word lists and the README of their sources and
# licences, the desk's templates and static files, the HTML report's template.
PACKAGE_DATA = (
    "language/data/*.md",
    "language/data/*.txt",
    "web/templates/*.html",
    "web/static/*",
    "report/templates/*",
)
WHEEL_METADATA = re.compile(rf"{NAME}\.dist-info/.+")
CATALOG = (
    'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    'msgid "Search"\nmsgstr "Axtarış"\n\n'
    'msgid "%d document"\nmsgid_plural "%d documents"\nmsgstr[0] "%d sənəd"\nmsgstr[1] "%d sənəd"\n'
)


def run(*args, cwd: Path, env: dict | None = None, ok=(0,)) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode in ok, f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def outside_env(venv: Path | None = None, **extra: str) -> dict:
    """The environment of a user's shell: nothing pointing into the checkout or its .venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    paths = [p for p in env.get("PATH", "").split(os.pathsep) if p and not p.startswith(str(REPO))]
    if venv is not None:
        paths.insert(0, str(venv / "bin"))
        env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = os.pathsep.join(paths)
    return env | extra


# --------------------------------------------------------------------------- what goes in


def needed_files(root: Path) -> dict[str, Path]:
    """What the package needs of a source tree `root`, by its path inside the wheel: every file of
    the package (code and data), and of termbase/ the files dilmac loads, schema.json and the
    data package's __init__.py."""
    package = root / "toolkit" / "dilmac"
    needed = {
        f"dilmac/{path.relative_to(package).as_posix()}": path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    termbase = root / "termbase"
    for path in [termbase / "__init__.py", termbase / "schema.json", *termbase_files([termbase])]:
        needed[f"dilmac/termbase/builtin/{path.name}"] = path
    for po in interface_catalogs(root):  # compiled by the build: the MO stands for its PO
        needed[f"dilmac/locales/{po.parent.parent.name}/LC_MESSAGES/dilmac.mo"] = po
    return needed


def interface_catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").glob("*/LC_MESSAGES/dilmac.po"))


def locale_sources(root: Path) -> set[str]:
    """What the sdist carries of locales/: the catalogs, the template and the extraction
    mapping; not the MO files `make locales` leaves in a checkout."""
    folder = root / "locales"
    return {p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix != ".mo"}


def compare(kind: str, names: set[str], needed: set[str], generated: re.Pattern) -> list[str]:
    """Problems with a distribution's file list: needed files it lacks, and files it should not
    have (other than those the build writes itself, `generated`)."""
    extra = {name for name in names - needed if not generated.fullmatch(name)}
    return [f"{kind} lacks {name}" for name in sorted(needed - names)] + [
        f"{kind} has {name}, which is not the package's" for name in sorted(extra)
    ]


def wheel_problems(wheel: Path, root: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = {name for name in archive.namelist() if not name.endswith("/")}
    return compare("the wheel", names, set(needed_files(root)), WHEEL_METADATA)


def sdist_problems(sdist: Path, root: Path) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = {m.name.removeprefix(f"{NAME}/") for m in archive.getmembers() if m.isfile()}
    needed = {path.relative_to(root).as_posix() for path in needed_files(root).values()} | SDIST_DOCUMENTS
    needed |= locale_sources(root)
    return compare("the sdist", names, needed, SDIST_GENERATED)


def build(source: Path, out: Path, *targets: str) -> None:
    # Without build isolation: the build backend is the dev lock's, like everything else here.
    run(sys.executable, "-m", "build", "--no-isolation", *targets, "--outdir", out, source, cwd=out)


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    build(REPO, out)
    [sdist], [wheel] = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    assert (sdist.name, wheel.name) == (f"{NAME}.tar.gz", f"{NAME}-py3-none-any.whl")
    return sdist, wheel


def test_the_sdist_and_the_wheel_hold_what_the_package_needs(dists):
    sdist, wheel = dists
    assert sdist_problems(sdist, REPO) == []
    assert wheel_problems(wheel, REPO) == []
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{NAME}.dist-info/METADATA").decode()
        scripts = archive.read(f"{NAME}.dist-info/entry_points.txt").decode()
    assert f"\nVersion: {dilmac.__version__}\n" in metadata
    assert "dilmac = dilmac.cli.main:main" in scripts


def test_a_data_file_left_out_fails_the_comparison(tmp_path):
    """The comparison can fail: a copy of the sources whose pyproject.toml no longer ships the
    termbase's YAML files and the package data (word lists, the desk's templates and static
    files, the report's template) builds a wheel, and the check names each file."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SDIST_DOCUMENTS:
        shutil.copy(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(REPO / "toolkit", source / "toolkit", ignore=ignore)
    shutil.copytree(REPO / "termbase", source / "termbase", ignore=ignore)
    pyproject = (source / "pyproject.toml").read_text(encoding="utf-8")
    data = "dilmac = [" + ", ".join(f'"{pattern}"' for pattern in PACKAGE_DATA) + "]"
    broken = pyproject.replace('"*.yaml", ', "").replace(data, "dilmac = []")
    assert broken != pyproject and not any(pattern in broken for pattern in PACKAGE_DATA)
    (source / "pyproject.toml").write_text(broken, encoding="utf-8")
    build(source, tmp_path, "--wheel")
    problems = wheel_problems(next(tmp_path.glob("*.whl")), source)
    left_out = {f"the wheel lacks dilmac/termbase/builtin/{p.name}" for p in termbase_files([source / "termbase"])}
    package = source / "toolkit" / "dilmac"
    left_out |= {
        f"the wheel lacks dilmac/{path.relative_to(package).as_posix()}"
        for pattern in PACKAGE_DATA
        for path in package.glob(pattern)
    }
    assert len(left_out) >= 12 and set(problems) == left_out
    # (the desk's pages, style and script, and the HTML report's template among them)
    assert {"the wheel lacks dilmac/web/templates/draft.html", "the wheel lacks dilmac/web/static/desk.js"} < left_out
    assert "the wheel lacks dilmac/report/templates/report.html" in left_out


# --------------------------------------------------------------------------- installed


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A working directory outside the checkout, with a copy of the samples."""
    root = tmp_path_factory.mktemp("user")
    assert not root.resolve().is_relative_to(REPO)
    shutil.copytree(REPO / "samples", root / "samples")
    return root


def fresh_venv(path: Path, cwd: Path) -> Path:
    run(sys.executable, "-m", "venv", "--without-pip", path, cwd=cwd, env=outside_env())
    return path


def pip(venv: Path, *args, cwd: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """pip of the dev lock (a fresh environment's own would be whatever the Python came with)
    acting on `venv`."""
    return run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", *args, cwd=cwd,
               env=outside_env(venv, **extra_env))  # fmt: skip


@pytest.fixture(scope="module")
def installed(dists, outside, tmp_path_factory) -> Path:
    """A fresh virtual environment with the runtime lock and the wheel, nothing else."""
    venv = fresh_venv(tmp_path_factory.mktemp("venv") / "venv", outside)
    pip(venv, "install", "--quiet", "--require-hashes", "-r", REPO / "requirements" / "runtime.txt", cwd=outside)
    pip(venv, "install", "--quiet", "--no-deps", dists[1], cwd=outside)
    pip(venv, "check", cwd=outside)
    return venv


def dilmac_in(venv: Path, *args: str, cwd: Path, ok=(0,)) -> subprocess.CompletedProcess:
    # A fresh cache per environment: the compiled termbase is built from its own files.
    env = outside_env(venv, DILMAC_CACHE_DIR=str(venv.parent / "cache"), NO_COLOR="1")
    return run(venv / "bin" / "dilmac", *args, cwd=cwd, env=env, ok=ok)


def checkout_dilmac(*args: str, cwd: Path, ok=(0,)) -> subprocess.CompletedProcess:
    return run(Path(sys.executable).with_name("dilmac"), *args, cwd=cwd, env=outside_env(NO_COLOR="1"), ok=ok)


def test_the_installed_package_reads_nothing_of_the_checkout(installed, outside):
    probe = (
        "import json, sys, dilmac\n"
        "from dilmac.termbase.model import builtin_dir\n"
        "print(json.dumps([dilmac.__file__, str(builtin_dir()), sys.path]))\n"
    )
    done = run(installed / "bin" / "python", "-c", probe, cwd=outside, env=outside_env(installed))
    package, termbase, path = json.loads(done.stdout)
    site = Path(run(installed / "bin" / "python", "-c", "import site; print(site.getsitepackages()[0])",
                    cwd=outside, env=outside_env(installed)).stdout.strip())  # fmt: skip
    assert Path(package).is_relative_to(site) and Path(termbase) == site / "dilmac" / "termbase" / "builtin"
    assert not any(entry.startswith(str(REPO)) for entry in path)
    for pth in site.glob("*.pth"):
        assert str(REPO) not in pth.read_text(encoding="utf-8"), pth  # no editable install


def test_version_from_the_installed_metadata(installed, outside):
    assert dilmac_in(installed, "--version", cwd=outside).stdout == f"dilmac {dilmac.__version__}\n"
    assert dilmac_in(installed, "-V", cwd=outside).stdout == f"dilmac {dilmac.__version__}\n"


def test_installed_lint_finds_what_the_checkout_finds(installed, outside):
    mine = dilmac_in(installed, "lint", "samples", "--format", "json", cwd=outside, ok=(1,))
    checkout = checkout_dilmac("lint", "samples", "--format", "json", cwd=outside, ok=(1,))
    findings = json.loads(mine.stdout)["findings"]
    assert len(findings) >= 20 and findings == json.loads(checkout.stdout)["findings"]
    text = dilmac_in(installed, "lint", "samples", cwd=outside, ok=(1,)).stdout
    assert text == checkout_dilmac("lint", "samples", cwd=outside, ok=(1,)).stdout


def test_installed_html_report_and_serve_without_the_web_extra(installed, outside):
    """The report's template ships in the wheel; the desk needs the web extra, which the runtime
    lock leaves out, and says how to install it."""
    dilmac_in(installed, "lint", "samples", "--format", "html", "-o", "report.html", cwd=outside, ok=(1,))
    report = (outside / "report.html").read_text(encoding="utf-8")
    assert report.startswith("<!doctype html>") and "term-forbidden" in report
    refused = dilmac_in(installed, "serve", cwd=outside, ok=(2,))
    assert "needs the web extra" in refused.stderr and "pip install 'dilmac[web]'" in refused.stderr


def test_installed_termbase_commands(installed, outside):
    validated = dilmac_in(installed, "termbase", "validate", cwd=outside)
    assert validated.stdout == checkout_dilmac("termbase", "validate", cwd=outside).stdout
    assert "concepts checked: ok" in validated.stdout
    card = dilmac_in(installed, "termbase", "lookup", "Türk Konseyi'nin", cwd=outside).stdout
    shipped = next(installed.glob("lib/python*/site-packages/dilmac/termbase/builtin"))
    assert str(shipped) in card  # the card points into the installed copy
    checkout_card = checkout_dilmac("termbase", "lookup", "Türk Konseyi'nin", cwd=outside).stdout
    assert card.replace(str(shipped), str(REPO / "termbase")) == checkout_card


def test_installed_catalog_compile(installed, outside):
    folder = outside / "po"
    folder.mkdir(exist_ok=True)
    (folder / "az.po").write_text(CATALOG, encoding="utf-8")
    done = dilmac_in(installed, "catalog", "compile", "po", cwd=outside)
    assert done.stdout == "po/az.po → po/az.mo: 2 messages\n"
    with open(folder / "az.mo", "rb") as mo:
        translations = gettext.GNUTranslations(mo)
    assert translations.gettext("Search") == "Axtarış"
    assert translations.ngettext("%d document", "%d documents", 5) == "%d sənəd"


def test_the_installed_wheel_speaks_turkish_and_azerbaijani(installed, outside):
    """The MO files compiled at build time are what the installed package reads: no PO file, no
    checkout, no cache entry needed."""
    mo = next(installed.glob("lib/python*/site-packages/dilmac/locales/tr/LC_MESSAGES/dilmac.mo"))
    with open(mo, "rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Options") == "Seçenekler"
    turkish = dilmac_in(installed, "--ui-lang", "tr", "lint", "samples", cwd=outside, ok=(1,)).stdout
    assert "denetlenen 5 dosyanın" in turkish and "için kullanılmamalı" in turkish
    assert turkish == checkout_dilmac("--ui-lang", "tr", "lint", "samples", cwd=outside, ok=(1,)).stdout
    env = outside_env(installed, DILMAC_CACHE_DIR=str(outside / "no-cache"), DILMAC_UI_LANG="az", NO_COLOR="1")
    doc = run(installed / "bin" / "dilmac", "rules", "term-wrong", cwd=outside, env=env).stdout
    assert "term-wrong: tərcümə mənbədəki adı səhv forma ilə verir." in doc
    assert not (outside / "no-cache").exists() or not list((outside / "no-cache").glob("ui-*"))


def test_installed_shell_completion(installed, outside):
    env = {"_DILMAC_COMPLETE": "complete_bash", "COMP_WORDS": "dilmac termbase lo", "COMP_CWORD": "2"}
    done = run(installed / "bin" / "dilmac", cwd=outside, env=outside_env(installed, **env))
    assert done.stdout.split() == ["lookup"]


def test_the_readme_github_actions_install_line(tmp_path, outside, locked_constraints):
    """The README's workflow installs `dilmac @ git+URL@vVERSION`: here from a repository holding
    the checkout's files at that tag, the dependencies resolved by pip within the lock."""
    line = re.search(r'- run: (pip install "dilmac @ git\+https://github\.com/OWNER/dilmac@(v[^"]+)")', readme())
    assert line, 'the README\'s GitHub Actions example has no `pip install "dilmac @ git+…@TAG"` step'
    assert line[2] == f"v{dilmac.__version__}"
    origin = tagged_copy(tmp_path / "origin", line[2])
    venv = fresh_venv(tmp_path / "venv", outside)
    command = shlex.split(line[1].replace("https://github.com/OWNER/dilmac", origin.as_uri()))
    assert command[:2] == ["pip", "install"]
    pip(venv, "install", "--quiet", *command[2:], cwd=outside, PIP_CONSTRAINT=str(locked_constraints))
    findings = json.loads(dilmac_in(venv, "lint", "samples", "--format", "json", cwd=outside, ok=(1,)).stdout)
    checkout = checkout_dilmac("lint", "samples", "--format", "json", cwd=outside, ok=(1,))
    assert findings["findings"] == json.loads(checkout.stdout)["findings"]


def test_the_readme_pins_the_release_tag_everywhere():
    """The README's pre-commit `rev:` and the install lines name the tag of this version, which
    the release process creates (CONTRIBUTING.md)."""
    text = readme()
    tags = re.findall(r"^ +rev: (\S+)$", text, re.MULTILINE)
    tags += re.findall(r"github\.com/OWNER/dilmac@([^\"'\s]+)", text) + re.findall(r"--ref (v\S+)`", text)
    assert tags and set(tags) == {f"v{dilmac.__version__}"}


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def git(cwd: Path, *args: str) -> str:
    author = ("-c", "user.name=t", "-c", "user.email=t@example.org")
    return run("git", *author, *args, cwd=cwd).stdout


def tagged_copy(path: Path, tag: str) -> Path:
    """A git repository with the checkout's files as they are now (committed or not, ignored
    ones left out), committed and tagged `tag`, as the release process tags a release."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and this repository's history")
    files = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, path / name)
    git(path.parent, "init", "-q", path.name)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "release")
    git(path, "tag", "-a", tag, "-m", tag)
    return path
