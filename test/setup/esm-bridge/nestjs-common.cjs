// @nestjs/common as the ES module graph loaded it (see test/setup/resolver.cjs).
const bridged = globalThis[Symbol.for('test.esm-bridge')]?.['@nestjs/common'];
if (!bridged) {
  throw new Error('@nestjs/common was required from CommonJS before test/setup/esm-bridge.ts ran (add it to setupFiles)');
}
module.exports = bridged;
