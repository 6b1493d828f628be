import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEmulatorBinaries } from './emulators.js';

describe('findEmulatorBinaries', () => {
  it('says exactly what to install when Java is missing', () => {
    expect(() => findEmulatorBinaries({ java: '/nonexistent/java' })).toThrow(/apt-get install openjdk-17-jre-headless/);
  });

  it('says exactly what to install when the Google Cloud emulators are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-sdk-'));
    expect(() => findEmulatorBinaries({ sdkRoots: [empty] })).toThrow(/apt-get install google-cloud-cli google-cloud-cli-firestore-emulator google-cloud-cli-pubsub-emulator/);
  });
});
