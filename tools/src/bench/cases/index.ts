// Every bench case, in the order `npm run bench` runs them (cheap ones first). A new area adds its file here.
import type { BenchCase } from '../bench-line.js';
import { cases as analytics } from './analytics.js';
import { cases as analyticsLevels } from './analytics-levels.js';
import { cases as analyticsAlloc } from './analytics-alloc.js';
import { cases as orderFlow } from './order-flow.js';
import { cases as regime } from './regime.js';
import { cases as parse } from './parse.js';
import { cases as bus } from './bus.js';
import { cases as paperEntry } from './paper-entry.js';
import { cases as tapes } from './tapes.js';
import { cases as backtest } from './backtest.js';
import { cases as backtestTape } from './backtest-tape.js';

export const cases: BenchCase[] = [...analytics, ...analyticsLevels, ...analyticsAlloc, ...orderFlow, ...regime, ...parse, ...bus, ...paperEntry, ...tapes, ...backtest, ...backtestTape];
