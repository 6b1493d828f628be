export * from './report-writer.js';
