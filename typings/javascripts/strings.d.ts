// docs/assets/javascripts/strings.js exists only in the built site: the build writes it from
// src/clearpicture/strings/<language>.json and the overrides in mkdocs.yml (strings/__init__.py).
declare const table: { lang: string; strings: Record<string, string> };
export default table;
