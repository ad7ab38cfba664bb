// @ts-check
// The words the scripts show, in the site's language: the build writes the table of
// theme.language, with the author's overrides from mkdocs.yml, as strings.js beside this file
// (src/clearpicture/strings/). Every visible string goes through t() or tn(); none is written
// into a script. Why: dev/decisions/strings.md.
import table from "./strings.js";

export const LANG = table.lang;
/** @type {Intl.PluralRules | undefined} */
let plurals; // made on first use, as the number formats below: no locale data loaded on arrival
// The decimal mark of the languages with a table here (src/clearpicture/strings/): both write
// Latin digits and group none below 1,000, so such a number needs no NumberFormat. A page's
// first NumberFormat loads locale data: 30-100 ms of main thread, measured; most pages show only
// small numbers, and none should pay that while loading.
const DECIMAL_MARK = /** @type {Record<string, string>} */ ({ en: ".", es: "," })[LANG.split("-")[0]];
/** @type {Map<string, Intl.NumberFormat>} */
const numbers = new Map();

/** @param {string} text @param {Record<string, string | number>} values */
const fill = (text, values) =>
  text.replace(/\{([a-z_]+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

/**
 * The text of key, its {placeholders} filled from values (numbers in the site's language).
 * @param {string} key
 * @param {Record<string, string | number>} [values]
 */
export function t(key, values = {}) {
  const text = table.strings[key];
  if (text === undefined) {
    console.error(`Clear Picture: no text for "${key}"`);
    return key;
  }
  const shown = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, typeof v === "number" ? num(v) : v]));
  return fill(text, shown);
}

/**
 * A plural: key.one, key.other (or the language's other categories) by the count n, which
 * fills {n}.
 * @param {string} key
 * @param {number} n
 * @param {Record<string, string | number>} [values]
 */
export function tn(key, n, values = {}) {
  plurals ??= new Intl.PluralRules(LANG);
  const form = `${key}.${plurals.select(n)}`;
  return t(form in table.strings ? form : `${key}.other`, { n, ...values });
}

/**
 * A number as the site's language writes it, with at most `digits` decimals (2,5 in Spanish),
 * or exactly `digits` with `fixed`.
 * @param {number} value
 * @param {number} [digits]
 * @param {{fixed?: boolean}} [options]
 */
export function num(value, digits = 2, { fixed = false } = {}) {
  if (DECIMAL_MARK && Math.abs(value) < 1000) {
    const rounded = fixed ? value.toFixed(digits) : String(Math.round(value * 10 ** digits) / 10 ** digits);
    return rounded.replace(".", DECIMAL_MARK);
  }
  const key = `${digits}${fixed ? "f" : ""}`;
  let format = numbers.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LANG, { minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits });
    numbers.set(key, format);
  }
  return format.format(value);
}

/**
 * A date as the site's language writes it: 1 December 2026, 1 de diciembre de 2026.
 * @param {Date} date
 */
export const longDate = (date) => date.toLocaleDateString(DATE_LOCALE, { day: "numeric", month: "long", year: "numeric" });
// The house style writes "1 December 2026" where plain "en" would write "December 1, 2026".
const DATE_LOCALE = LANG === "en" ? "en-GB" : LANG;
