// Jest resolver: the default one, except for @nestjs/throttler's `require`s of Nest itself.
//
// @nestjs/throttler 6 is CommonJS and requires @nestjs/common and @nestjs/core, which are ES modules
// only from NestJS 12. Node (>= 20.19) loads them with require(esm), one instance for `import` and
// `require` alike; Jest supports require(esm) only from Node 24.9 and stops with ERR_REQUIRE_ESM.
// Here those two requires get a bridge module that hands back the very namespaces the ES modules
// imported (test/setup/esm-bridge.ts puts them on globalThis before a test file loads), so the app
// under test has one @nestjs/common and one @nestjs/core, as in production.
const path = require('node:path');

const BRIDGED = new Set(['@nestjs/common', '@nestjs/core']);
const FROM = `${path.sep}node_modules${path.sep}@nestjs${path.sep}throttler${path.sep}`;

module.exports = (request, options) => {
  if (BRIDGED.has(request) && options.basedir.includes(FROM)) {
    return require.resolve(`./esm-bridge/${request.replace('@nestjs/', 'nestjs-')}.cjs`);
  }
  return options.defaultResolver(request, options);
};
