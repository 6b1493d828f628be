import type { Firestore } from 'firebase-admin/firestore';
import { type PortfolioRiskConfigInput, type PositionMonitor } from '@cascade/core';
import { systemClock } from '@cascade/adapters/clock';
import type { Outgoing } from '../engine.js';
import { firestoreLedger } from './firestore-ledger.js';
import { type RiskPublish, RiskTime } from './risk-ports.js';
import { RiskService } from './risk-service.js';
import { firestoreStateReader, firestoreStateWriter } from './risk-state-store.js';

export interface StartRiskOptions {
  readonly db: Firestore;
  readonly bus: { publish: RiskPublish };
  readonly monitor: Pick<PositionMonitor, 'tighten' | 'forget'>;
  /** The replay barrier, when replaying: risk then runs on tape time and its exits settle like the monitor's. */
  readonly settle: ((m: Outgoing) => Promise<unknown>) | null;
  readonly startingEquity: string;
  readonly config?: PortfolioRiskConfigInput;
}

/**
 * The analytics service's wiring: Firestore and the bus as ports, wall time live and tape time in
 * replays. The config comes from CASCADE_PORTFOLIO_RISK (analytics-env.ts), validated at start: an
 * invalid one stops the service rather than running with a guess.
 */
export async function startRiskService(o: StartRiskOptions): Promise<RiskService> {
  const log = (l: string) => console.log(`analytics/risk: ${l}`);
  const config = o.config;
  const settle = o.settle;
  const svc = new RiskService(
    {
      publish: async (topic, m) => {
        await o.bus.publish(topic, m);
        if (settle && m.type === 'exit.requested') await settle(m);
      },
      writeState: firestoreStateWriter(o.db),
      readState: firestoreStateReader(o.db),
      ledger: firestoreLedger(o.db, log),
      clock: systemClock,
      log,
    },
    { startingEquity: o.startingEquity, time: settle ? RiskTime.Tape : RiskTime.Wall, settleWrites: settle !== null, monitor: o.monitor, ...(config ? { config } : {}) },
  );
  await svc.begin();
  return svc;
}
