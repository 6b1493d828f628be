import { z } from 'zod';
import { type EnvSpec, flag, millis, optional } from '../shared/service-env.js';

/** Every variable the streamer reads (issue 12 item 4); `--help` prints this list. Flags say what to stream. */
export const streamerEnv = {
  PORT: millis('status server port when --port is not given (/healthz, /readyz, /status); Cloud Run sets it', 8081),
  CASCADE_PUBLISH_TWICE: flag('tests: publish every batch twice (at-least-once drills)'),
  K_SERVICE: optional('set by Cloud Run: the status server then listens on every interface', z.string()),
} satisfies EnvSpec;
