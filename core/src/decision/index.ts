export * from './score-setup.js';
