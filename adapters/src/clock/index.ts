export * from './system-time.js';
