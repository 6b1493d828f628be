export * from './decimal-grid.js';
export * from './bin-table.js';
export * from './value-area.js';
export * from './profile-config.js';
export * from './market-profile.js';
