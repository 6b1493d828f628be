export * from './byte-source.js';
export * from './parquet-source.js';
export * from './read-tape.js';
export * from './tape.js';
export * from './read-warmup.js';
export * from './read-funding.js';
