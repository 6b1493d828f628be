export * from './trades-csv.js';
export * from './summary-json.js';
export * from './report-html.js';
export * from './write-outputs.js';
