import { z } from 'zod';
import { TradesEncoding } from '@cascade/core';
import { type EnvSpec, oneOf, flag, millis, optional } from '../shared/service-env.js';

/** Every variable the streamer reads (issue 12 item 4); `--help` prints this list. Flags say what to stream. */
export const streamerEnv = {
  PORT: millis('status server port when --port is not given (/healthz, /readyz, /status); Cloud Run sets it', 8081),
  CASCADE_STREAM_STATUS_MS: { description: 'how often stream_status/{exchange} is written for the dashboard (0: never)', defaultText: '2000', schema: z.coerce.number().int().nonnegative().default(2_000) },
  CASCADE_TRADES_ENCODING: oneOf(
    'how trade batches carry their trades: columnar-bin-v1 (typed-array columns in the message bytes, issue 14), columnar-v1 (JSON columns) or rows (the first encoding); the older ones are for a rollback while an analytics that reads only them still runs',
    [TradesEncoding.ColumnarBinV1, TradesEncoding.ColumnarV1, TradesEncoding.Rows] as const,
    TradesEncoding.ColumnarBinV1,
  ),
  CASCADE_PUBLISH_TWICE: flag('tests: publish every batch twice (at-least-once drills)'),
  K_SERVICE: optional('set by Cloud Run: the status server then listens on every interface', z.string()),
  CASCADE_LOG_FORMAT: oneOf('json: one Cloud Logging entry per line with severity and the correlation id (the image sets it); text: plain lines', ['text', 'json'] as const, 'text'),
  GOOGLE_CLOUD_PROJECT: optional('the project, for log entries\' trace field (Cloud Run sets it; the Google clients read it too)', z.string()),
} satisfies EnvSpec;
