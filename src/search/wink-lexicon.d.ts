/** wink-lexicon ships WordNet's lists as CommonJS modules without types; the one read here (see text.ts). */
declare module "wink-lexicon/src/wn-verb-exceptions.js" {
  const exceptions: unknown;
  export default exceptions;
}
