import { parseArgs } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { provisionPubSub } from './pubsub/provision.js';

const HELP = `Usage: npm run infra -- apply --project P

Provision what the functions and services need in a Google Cloud project (idempotent: run it after
every deploy). Today this is the Pub/Sub part:
  - every topic and its dead-letter topic (<topic>.dlq);
  - a hold subscription on each dead-letter topic (7 days), read by \`npm run cli -- dlq\`;
  - the analytics service's pull subscriptions, with dead-letter policies;
  - a dead-letter policy (5 attempts) on every Eventarc subscription \`firebase deploy\` created for
    the Pub/Sub-triggered functions, so a message a function keeps failing on reaches <topic>.dlq
    (and the deadLetterAlert* function tells you) instead of being retried for 7 days.
Run it after \`firebase deploy\` (Eventarc creates its subscriptions then).

Options:
  --project P     the Google Cloud project id (required)
  -h, --help      this help

Authenticate first: gcloud auth application-default login. With PUBSUB_EMULATOR_HOST set, it
provisions the emulator instead.`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { project: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals[0] !== 'apply') {
    console.error(`infra: say what to do (apply)\n\n${HELP}`);
    return 2;
  }
  if (!values.project) {
    console.error('infra apply: --project P is required (the Google Cloud project to provision)');
    return 2;
  }
  if (values.project.startsWith('demo-') && !process.env.PUBSUB_EMULATOR_HOST) {
    console.error(`infra apply: "${values.project}" is a demo project id (emulator only); set PUBSUB_EMULATOR_HOST or name a real project`);
    return 2;
  }
  const pubsub = new PubSub({ projectId: values.project });
  try {
    const r = await provisionPubSub(pubsub, { projectId: values.project, target: 'gcp', pushEndpoint: () => null, log: (l) => console.log(l) });
    console.log(`${r.topics.length} topics, ${r.subscriptions.length} subscriptions in place; ${r.deadLetterPolicies.length} Eventarc subscription(s) given a dead-letter policy`);
    return 0;
  } finally {
    await pubsub.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`infra: ${(e as Error).message}`);
    process.exit(1);
  },
);
