import { parseArgs } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { systemClock } from '@cascade/adapters/clock';
import { type FlattenReport, flattenLivePositions } from '@cascade/adapters/execution';
import { secretResolver } from '@cascade/adapters/secrets';
import { BusPublisher } from '@cascade/adapters/pubsub';
import type { CliCommand } from '../command.js';
import { PROJECT_HELP, firestoreFor } from '../firestore-target.js';

const HELP = `Usage: npm run cli -- flatten (--module ID | --all) --confirm [--project ID]

Close open live positions now, at market, on the venue that holds them. Each close goes through the
same exactly-once path as the exit function (one client order id per close attempt, recorded before
it is placed): running it twice, or while the engine is also closing, never sells twice. The amount
sold is what the venue says is held (a fee taken in the base asset is not sold twice). A module that
is disabled or switched to paper still has its positions closed where they are.

Options:
  --module ID        Only positions on the venues of modules/ID.
  --all              Every open live position.
  --confirm          Required: without it nothing is closed.
${PROJECT_HELP}

Venue credentials come from each module's credentialsSecretRef (Secret Manager; locally the
CASCADE_SECRET_<NAME> variable). Exit code 0 when everything asked for is flat, 1 otherwise.`;

export const flattenCommand: CliCommand = {
  name: 'flatten',
  summary: 'Close open live positions now (--module ID | --all) --confirm',
  help: HELP,
  async run(args) {
    let values: { module?: string; all?: boolean; confirm?: boolean; project?: string };
    try {
      ({ values } = parseArgs({ args: [...args], options: { module: { type: 'string' }, all: { type: 'boolean' }, confirm: { type: 'boolean' }, project: { type: 'string' } } }));
    } catch (e) {
      console.error(`${e instanceof Error ? e.message : String(e)}\n\n${HELP}`);
      return 2;
    }
    if ((values.module === undefined) === (values.all !== true)) {
      console.error('flatten: name what to close: --module ID or --all (one of them).');
      return 2;
    }
    if (values.confirm !== true) {
      console.error('flatten: this sells at market. Add --confirm to close the positions; nothing was closed.');
      return 2;
    }
    const db = firestoreFor(values.project);
    if (typeof db === 'string') {
      console.error(db);
      return 2;
    }
    const projectId = values.project ?? process.env.GCLOUD_PROJECT ?? 'demo-cascade';
    // The CLI runs where the operator is: venue URLs (a testnet) and secret pins from its own environment,
    // Secret Manager otherwise, exactly as the functions resolve them.
    const live = { venueUrlsJson: process.env.CASCADE_VENUE_URLS ?? '', secrets: secretResolver(process.env) };
    const d = { db, bus: new BusPublisher(new PubSub({ projectId })), clock: systemClock, log: (line: string) => console.log(line), live };
    const report: FlattenReport = await flattenLivePositions(d, values.all === true ? { all: true } : { module: values.module as string }, (line) => console.log(line));
    console.log(`flatten: ${report.closed.length} closed, ${report.failed.length} not closed${report.failed.length ? `: ${report.failed.map((f) => `${f.positionId} (${f.reason})`).join('; ')}` : ''}`);
    return report.failed.length === 0 ? 0 : 1;
  },
};
