import { systemClock } from '@cascade/adapters/clock';

/**
 * This streamer process's epoch: its start time (wall ms). Every batch carries it beside its
 * per-process sequence, so a restarted or redeployed streamer — whose sequences start again at 1 —
 * is told apart from a redelivery of the old run's batches, and a later run has a larger epoch.
 */
export const streamEpoch: number = systemClock.now();
