import { type ExitRequested, type SystemError, Topic, derivedId } from '@cascade/core';
import { type Deps, fenceIsCurrent } from '@cascade/adapters/firestore';

/**
 * executeExit's door check (issue 11, defect 11): an exit request fenced by an analytics shard lease
 * whose token is older than the shard's current one comes from an instance that lost the shard — it
 * may be acting on positions and prices the new owner no longer agrees with — so it is refused (the
 * owner asks for the exit itself when it is due) and alerted as a warning. Unfenced requests (the
 * operator's, older senders) and requests whose shard has no lease document are executed.
 */
export async function refuseIfStaleFence(m: ExitRequested, d: Deps): Promise<boolean> {
  const f = m.payload.fence;
  if (f === undefined) return false;
  const { current, leaseToken } = await fenceIsCurrent(d.db, f.shard, f.token);
  if (current) return false;
  const error = `exit ${m.payload.positionId} (${m.payload.reason}) refused: fenced with token ${f.token} of shard ${f.shard}, whose lease is at token ${leaseToken} — a stale analytics instance`;
  d.log(error);
  const eventId = derivedId('fence', m.eventId, String(f.token));
  const alert: SystemError = { type: 'system.error', eventId, tsEvent: m.tsEvent, tsInit: d.clock.now(), correlationId: m.correlationId, causationId: m.eventId, payload: { component: 'exit_fence', error, critical: false } };
  await d.bus.publish(Topic.TradingEvents, alert);
  return true;
}
