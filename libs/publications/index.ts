/** desensitized publications of a final summary: the member digest and the public short version. */
export * from './content.js';
export { buildMemberDigest, buildPublicShort, buildPublication, dateRange, num, type PublicationInput } from './build.js';
