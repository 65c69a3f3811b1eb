// Loads `dilmac catalog export-json` output into the real libraries and records what they return.
//
//   node check.mjs REQUEST.json RESULT.json
//
// REQUEST: {"catalogs": [{"shape": "i18next"|"jed"|"gettext-js", "file", "lang", "domain",
//            "lookups": [{"msgid", "context"?, "plural"?, "n"?, "vars"?, "args"?}]}],
//           "plural_rules": {"<lang>": [n, ...]}}
// RESULT:  {"results": [[text per lookup] per catalog], "categories": {"<lang>": [Intl category per n]}}
// The result goes to a file because the gettext.js build logs to stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import i18next from 'i18next';
import Jed from 'jed';
import gettextJs from 'gettext.js';

async function i18nextLookups(catalog, data) {
  const instance = i18next.createInstance();
  await instance.init({
    lng: catalog.lang,
    fallbackLng: false,
    ns: [catalog.domain],
    defaultNS: catalog.domain,
    keySeparator: false,
    nsSeparator: false,
    resources: { [catalog.lang]: { [catalog.domain]: data } },
  });
  return catalog.lookups.map((lookup) => {
    const options = { ...(lookup.vars ?? {}) };
    if (lookup.context !== undefined && lookup.context !== null) options.context = lookup.context;
    if (lookup.plural) options.count = lookup.n;
    return instance.t(lookup.msgid, options);
  });
}

function jedLookups(catalog, data) {
  const jed = new Jed(data);
  return catalog.lookups.map((lookup) => (lookup.plural
    ? jed.dcnpgettext(undefined, lookup.context ?? undefined, lookup.msgid, lookup.plural, lookup.n)
    : jed.dcnpgettext(undefined, lookup.context ?? undefined, lookup.msgid)));
}

function gettextJsLookups(catalog, data) {
  const i18n = gettextJs();
  i18n.loadJSON(data, catalog.domain);
  i18n.setLocale(catalog.lang);
  return catalog.lookups.map((lookup) => i18n.dcnpgettext(
    catalog.domain, lookup.context ?? undefined, lookup.msgid, lookup.plural ?? undefined,
    lookup.plural ? lookup.n : undefined, ...(lookup.args ?? []),
  ));
}

const LOOKUPS = { i18next: i18nextLookups, jed: jedLookups, 'gettext-js': gettextJsLookups };

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const catalog of request.catalogs) {
  const data = JSON.parse(readFileSync(catalog.file, 'utf8'));
  results.push(await LOOKUPS[catalog.shape](catalog, data));
}
const categories = {};
for (const [lang, counts] of Object.entries(request.plural_rules ?? {})) {
  const rules = new Intl.PluralRules(lang);
  categories[lang] = counts.map((n) => rules.select(n));
}
writeFileSync(process.argv[3], JSON.stringify({ results, categories }));
