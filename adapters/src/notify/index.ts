export * from './discord-sender.js';
export * from './sendgrid-mailer.js';
export * from './telegram-sender.js';
export * from './webhook-sender.js';
