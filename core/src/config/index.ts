export * from './strategy-config.js';
