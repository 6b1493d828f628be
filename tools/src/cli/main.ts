import { parseArgs } from 'node:util';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { seedConfig } from './seed-config.js';

const HELP = `Cascade operator CLI

Usage: npm run cli -- <command> [options]

Commands:
  seed-config        Write the documented default config documents (strategy_configs, market_configs,
                     modules, notification_settings) that do not exist yet. Existing documents are kept.
      --overwrite    Replace existing documents with the defaults.

Options:
  --project ID       Firebase project (default: GCLOUD_PROJECT, or demo-cascade with the local emulator).
  -h, --help         Show this help.

Against the local emulators, set FIRESTORE_EMULATOR_HOST (npm start prints it). Against a real project,
authenticate first: gcloud auth application-default login.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { overwrite: { type: 'boolean' }, project: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const cmd = positionals[0];
  if (values.help || !cmd) {
    console.log(HELP);
    return cmd || values.help ? 0 : 2;
  }
  const projectId = values.project ?? process.env.GCLOUD_PROJECT ?? (process.env.FIRESTORE_EMULATOR_HOST ? 'demo-cascade' : undefined);
  if (!projectId) {
    console.error('No project: pass --project ID, set GCLOUD_PROJECT, or set FIRESTORE_EMULATOR_HOST for the local emulator.');
    return 2;
  }
  const db = getFirestore(getApps()[0] ?? initializeApp({ projectId }));
  switch (cmd) {
    case 'seed-config': {
      const r = await seedConfig(db, { overwrite: values.overwrite === true });
      for (const p of r.written) console.log(`wrote ${p}`);
      for (const p of r.kept) console.log(`kept  ${p} (exists; --overwrite replaces it)`);
      return 0;
    }
    default:
      console.error(`unknown command "${cmd}"\n\n${HELP}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`cli: ${(e as Error).message}`);
    process.exit(1);
  },
);
