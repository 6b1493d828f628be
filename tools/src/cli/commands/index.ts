import type { CliCommand } from '../command.js';
import { analyzeCommand } from './analyze.js';
import { candlesCommand } from './candles.js';
import { dlqCommand } from './dlq.js';
import { flattenCommand } from './flatten.js';
import { seedConfigCommand } from './seed-config.js';

/** Every operator command, in the order `--help` lists them. Add a command: one file here, one line below. */
export const commands: readonly CliCommand[] = [seedConfigCommand, dlqCommand, candlesCommand, analyzeCommand, flattenCommand];
