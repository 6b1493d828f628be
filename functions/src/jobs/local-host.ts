/**
 * LOCAL STACK ONLY: one HTTP function (functions-framework `--target=jobs`) that runs any scheduled
 * job on request, so `tools/src/local/scheduler.ts` can fire them on their cron without one process
 * per job. It loads the functions entry point first, so handlers registered there are in place.
 *
 *   GET  /        → [{name, schedule, timeZone}]  (the definitions the scheduler follows)
 *   POST /<name>  → runs the job; header X-CloudScheduler-ScheduleTime as Cloud Scheduler sends it
 *   POST /dead-letter/<dead-letter topic> → a Pub/Sub push of a dead-lettered message: raises its
 *                   alert, as the deployed `deadLetterAlert*` functions do (one host, not five processes)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import '../index.js';
import { isJobName, jobSchedules, runJob } from './definitions.js';
import { handleDeadLetter } from '../dead-letters/dead-letter-functions.js';
import { pushedCloudEvent } from './pushed-cloud-event.js';

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** functions-framework has already parsed a JSON body (express body-parser) and keeps the bytes as rawBody. */
function readBody(req: IncomingMessage & { rawBody?: Buffer }): Promise<string> {
  if (req.rawBody) return Promise.resolve(req.rawBody.toString('utf8'));
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export const jobs = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/^\/+|\/+$/g, '');
  if (req.method === 'GET' && path === '') {
    send(res, 200, jobSchedules.map((j) => ({ name: j.name, schedule: j.schedule, timeZone: j.timeZone })));
    return;
  }
  if (req.method === 'POST' && path.startsWith('dead-letter/')) {
    const topic = path.slice('dead-letter/'.length);
    try {
      await handleDeadLetter(topic)(pushedCloudEvent(topic, await readBody(req)));
      send(res, 200, { deadLetter: topic, ok: true });
    } catch (e) {
      // A non-2xx answer makes Pub/Sub push it again later, as a failed function invocation would.
      console.error(`dead-letter alert on ${topic} failed: ${(e as Error).message}`);
      send(res, 500, { deadLetter: topic, ok: false, error: (e as Error).message });
    }
    return;
  }
  if (req.method !== 'POST' || !isJobName(path)) {
    send(res, 404, { error: `no job ${path}` });
    return;
  }
  const header = req.headers['x-cloudscheduler-scheduletime'];
  const scheduled = typeof header === 'string' ? Date.parse(header) : Date.now();
  const started = Date.now();
  try {
    await runJob(path, Number.isFinite(scheduled) ? scheduled : Date.now());
    send(res, 200, { job: path, ok: true, ms: Date.now() - started });
  } catch (e) {
    console.error(`job ${path} failed: ${(e as Error).message}`);
    send(res, 500, { job: path, ok: false, error: (e as Error).message });
  }
};
