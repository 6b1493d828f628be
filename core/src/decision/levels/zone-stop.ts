import { ZoneStop } from './stop-reasons.js';

/** What Level 2 saw when it found no zone of the allowed side. */
export interface ZoneScene {
  /** Level 2 run for the other side finds a zone: a supply zone, bearish gap or VAH at a long's spike (mirrored). */
  readonly otherSideZone: boolean;
  /** Some supply/demand zone of the allowed side is open. */
  readonly sideZoneOpen: boolean;
  /** Some fair value gap of the allowed side is open (false when gaps are not zones). */
  readonly sideGapOpen: boolean;
}

/**
 * Why Level 2 stopped: at a zone of the other side first (the regime and the structure disagree: the
 * price sits at resistance in an uptrend), then whether anything of the allowed side was open at all.
 */
export function zoneStop(s: ZoneScene): ZoneStop {
  return zoneStopOf(s.otherSideZone, s.sideZoneOpen, s.sideGapOpen);
}

/** `zoneStop` on the scene's three answers: Level 2 stops most trades, and a scene object per stop was an allocation per trade. */
export function zoneStopOf(otherSideZone: boolean, sideZoneOpen: boolean, sideGapOpen: boolean): ZoneStop {
  if (otherSideZone) return ZoneStop.WrongSide;
  return sideZoneOpen || sideGapOpen ? ZoneStop.AwayFromZone : ZoneStop.NoZone;
}
