/**
 * LOCAL STACK ONLY: one HTTP function (functions-framework `--target=jobs`) that runs any scheduled
 * job on request, so `tools/src/local/scheduler.ts` can fire them on their cron without one process
 * per job. It loads the functions entry point first, so handlers registered there are in place.
 *
 *   GET  /        → [{name, schedule, timeZone}]  (the definitions the scheduler follows)
 *   POST /<name>  → runs the job; header X-CloudScheduler-ScheduleTime as Cloud Scheduler sends it
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import '../index.js';
import { isJobName, jobSchedules, runJob } from './definitions.js';

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

export const jobs = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/^\/+|\/+$/g, '');
  if (req.method === 'GET' && path === '') {
    send(res, 200, jobSchedules.map((j) => ({ name: j.name, schedule: j.schedule, timeZone: j.timeZone })));
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
