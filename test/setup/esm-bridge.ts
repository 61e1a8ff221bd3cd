// The ES module namespaces of @nestjs/common and @nestjs/core, for CommonJS packages that require
// them (@nestjs/throttler): see test/setup/resolver.cjs.
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';

(globalThis as Record<symbol, unknown>)[Symbol.for('test.esm-bridge')] = { '@nestjs/common': common, '@nestjs/core': core };
