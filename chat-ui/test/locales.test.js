// Every catalogue module in src/locales (this UI's and any feature's added later) is complete:
// every key of English exists in every other language, plural keys have every plural form the
// language needs (Intl.PluralRules: Arabic has six), and translations keep the {{placeholders}}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LANGUAGES } from '../src/i18n.js';

const dir = fileURLToPath(new URL('../src/locales/', import.meta.url));
const modules = readdirSync(dir).filter((f) => f.endsWith('.js'));
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj, prefix = '') {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') Object.assign(out, flatten(v, `${prefix}${k}.`));
    else out[prefix + k] = v;
  }
  return out;
}

const placeholders = (s) => [...String(s).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

test('there are catalogue modules', () => assert.ok(modules.length > 0));

for (const file of modules) {
  test(`locales/${file}: complete in ${LANGUAGES.join(', ')}`, async () => {
    const catalogue = (await import(pathToFileURL(dir + file).href)).default;
    for (const language of LANGUAGES) assert.ok(catalogue[language], `${file} has no '${language}'`);
    const en = flatten(catalogue.en);
    const plurals = new Set(
      Object.keys(en)
        .filter((k) => PLURAL.test(k))
        .map((k) => k.replace(PLURAL, '')),
    );
    for (const language of LANGUAGES) {
      const strings = flatten(catalogue[language]);
      const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [key, english] of Object.entries(en)) {
        if (PLURAL.test(key)) continue;
        assert.equal(typeof strings[key], 'string', `${file}: '${key}' is missing in ${language}`);
        assert.ok(strings[key].trim(), `${file}: '${key}' is empty in ${language}`);
        assert.deepEqual(
          placeholders(strings[key]),
          placeholders(english),
          `${file}: '${key}' placeholders in ${language}`,
        );
      }
      for (const base of plurals) {
        for (const form of forms) {
          const key = `${base}_${form}`;
          assert.equal(typeof strings[key], 'string', `${file}: plural '${key}' is missing in ${language}`);
        }
      }
      for (const key of Object.keys(strings)) {
        const known = key in en || (PLURAL.test(key) && plurals.has(key.replace(PLURAL, '')));
        assert.ok(known, `${file}: '${key}' in ${language} is not an English key`);
      }
    }
  });
}
