import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { PROJECT_HELP, firestoreFor } from '../firestore-target.js';
import { seedConfig } from '../seed-config.js';

const HELP = `Usage: npm run cli -- seed-config [--overwrite] [--project ID]

Write the documented default config documents (strategy_configs, market_configs, modules,
notification_settings) that do not exist yet. Existing documents are kept.

Options:
  --overwrite        Replace existing documents with the defaults.
${PROJECT_HELP}`;

export const seedConfigCommand: CliCommand = {
  name: 'seed-config',
  summary: 'Write the default config documents that do not exist yet',
  help: HELP,
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { overwrite: { type: 'boolean' }, project: { type: 'string' } } });
    const db = firestoreFor(values.project);
    if (typeof db === 'string') {
      console.error(db);
      return 2;
    }
    const r = await seedConfig(db, { overwrite: values.overwrite === true });
    for (const p of r.written) console.log(`wrote ${p}`);
    for (const p of r.kept) console.log(`kept  ${p} (exists; --overwrite replaces it)`);
    return 0;
  },
};
