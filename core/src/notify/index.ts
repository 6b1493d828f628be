export * from './render-email.js';
