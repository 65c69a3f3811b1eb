"""The packages to build: every package found under toolkit/ (as pyproject.toml's
`packages.find` would, namespaces included) and the shipped termbase as the data package
dilmac.termbase.builtin, which pyproject.toml maps to termbase/ and whose files it names by
pattern. pyproject.toml cannot list found packages and a mapped one together; this file only
adds the mapped one, so a new stage package ships without a change here.

Building also compiles dilmac's interface catalogs, locales/<lang>/LC_MESSAGES/dilmac.po, into
dilmac/locales/<lang>/LC_MESSAGES/dilmac.mo, with dilmac's own checks (msgfmt -c) and compiler
(polib is a build requirement for them). An editable install compiles nothing: a checkout
compiles its catalogs on first use (dilmac.core.i18n)."""

import sys
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LOCALES = HERE / "locales"
DOMAIN = "dilmac"


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            for source, target in self._catalogs():
                self._compile(source, Path(self.build_lib) / target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        catalogs = [] if self.editable_mode else [str(Path(self.build_lib) / t) for _, t in self._catalogs()]
        return [*super().get_outputs(include_bytecode), *catalogs]

    @staticmethod
    def _catalogs() -> list[tuple[Path, Path]]:
        return [
            (po, Path("dilmac", "locales", po.parent.parent.name, "LC_MESSAGES", f"{DOMAIN}.mo"))
            for po in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        ]

    def _compile(self, source: Path, target: Path) -> None:
        sys.path.insert(0, str(HERE / "toolkit"))  # this source tree's dilmac, not an installed one
        try:
            from dilmac.catalog.check import check_catalog
            from dilmac.catalog.io import read_catalog
            from dilmac.catalog.mofile import compile_catalog
        finally:
            sys.path.pop(0)
        catalog = read_catalog(source)
        checked = check_catalog(catalog)
        if checked.errors:
            problems = "\n".join(problem.render(str(source)) for problem in checked.errors)
            raise SystemExit(f"{problems}\nfix the interface catalog (make locales shows the same errors)")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_catalog(catalog).data)
        self.announce(f"compiled {source.relative_to(HERE)} -> {target}", level=2)


setup(
    packages=[*find_namespace_packages("toolkit"), "dilmac.termbase.builtin"],
    cmdclass={"build_py": BuildWithCatalogs},
)
