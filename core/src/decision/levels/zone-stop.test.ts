import { describe, expect, it } from 'vitest';
import { zoneStop, zoneStopOf } from './zone-stop.js';

const scene = { otherSideZone: false, sideZoneOpen: false, sideGapOpen: false };

describe('zoneStop: why Level 2 found no zone of the allowed side', () => {
  it('at a zone of the other side: wrongSide, even when zones of the allowed side are open elsewhere', () => {
    expect(zoneStop({ ...scene, otherSideZone: true })).toBe('wrongSide');
    expect(zoneStop({ otherSideZone: true, sideZoneOpen: true, sideGapOpen: true })).toBe('wrongSide');
  });

  it('zones or gaps of the allowed side open elsewhere: awayFromZone; none at all: noZone', () => {
    expect(zoneStop({ ...scene, sideZoneOpen: true })).toBe('awayFromZone');
    expect(zoneStop({ ...scene, sideGapOpen: true })).toBe('awayFromZone');
    expect(zoneStop(scene)).toBe('noZone');
  });
});

describe('zoneStopOf', () => {
  it('answers as zoneStop on the same scene, for all eight scenes', () => {
    for (const otherSideZone of [false, true])
      for (const sideZoneOpen of [false, true])
        for (const sideGapOpen of [false, true]) expect(zoneStopOf(otherSideZone, sideZoneOpen, sideGapOpen)).toBe(zoneStop({ otherSideZone, sideZoneOpen, sideGapOpen }));
  });
});
