export * from './naming.js';
export * from './store.js';
export * from './records.js';
export * from './final-version.js';
export * from './final-docx.js';
export * from './archiver.js';
export * from './tombstone.js';
export * from './destroy.js';
