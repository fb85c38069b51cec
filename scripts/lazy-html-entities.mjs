// A rolldown plugin for scripts/bundle.mjs.
//
// @xmldom/xmldom builds and freezes its table of ~2,200 HTML entities when it loads (a few ms at every
// start of plan, render and up), although it reads it only for HTML documents, which nso-multi never parses.
// This makes the table (and its deprecated alias) a getter that builds it on first use. The build fails if
// the file no longer has the expected shape (after an upgrade), rather than bundle it half-changed.
export const lazyHtmlEntities = {
  name: 'nso-multi:lazy-html-entities',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('/@xmldom/xmldom/lib/entities.js')) return null;
    const start = 'exports.HTML_ENTITIES = freeze({';
    const close = '\n});';
    const alias = 'exports.entityMap = exports.HTML_ENTITIES;';
    const at = code.indexOf(start);
    const end = code.indexOf(close, at);
    const once = (text) => code.indexOf(text) !== -1 && code.indexOf(text) === code.lastIndexOf(text);
    if (!once(start) || !once(alias) || at === -1 || end === -1 || code.indexOf(alias) < end) {
      throw new Error(`${id}: not the shape scripts/bundle.mjs expects; update lazyHtmlEntities`);
    }
    // Every line stays where it was, so the file needs no source map of its own.
    const lazyOpen =
      "var htmlEntities; Object.defineProperty(exports, 'HTML_ENTITIES', { enumerable: true, " +
      'get: function () { return htmlEntities || (htmlEntities = freeze({';
    const lazyClose = '\n})); } });';
    const lazyAlias =
      "Object.defineProperty(exports, 'entityMap', { enumerable: true, get: function () { return exports.HTML_ENTITIES; } });";
    return {
      code:
        code.slice(0, at) +
        lazyOpen +
        code.slice(at + start.length, end) +
        lazyClose +
        code.slice(end + close.length).replace(alias, lazyAlias),
      map: { mappings: '' },
    };
  },
};
