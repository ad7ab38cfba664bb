// @ts-check
// A moved page's redirect page (built by clearpicture/links.py) loads this: it sends the reader
// on to the page's new address and carries the #fragment along, which a meta refresh cannot, so
// an old link to a section still lands on that section. The query string is dropped on purpose:
// tracking parameters added by mail tools do not follow the reader.
(() => {
  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  const target = new URL(script.dataset.cpRedirect ?? "", location.href);
  if (location.hash) target.hash = location.hash;
  location.replace(target.href);
})();
