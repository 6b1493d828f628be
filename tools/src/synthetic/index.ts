export * from './planted-tape.js';
