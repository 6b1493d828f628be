// Every bench case, in the order `npm run bench` runs them (cheap ones first). A new area adds its file here.
import type { BenchCase } from '../bench-line.js';
import { cases as analytics } from './analytics.js';
import { cases as tapes } from './tapes.js';
import { cases as backtestTape } from './backtest-tape.js';

export const cases: BenchCase[] = [...analytics, ...tapes, ...backtestTape];
