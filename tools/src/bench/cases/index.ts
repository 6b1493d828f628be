// Every bench case, in the order `npm run bench` runs them (cheap ones first). A new area adds its file here.
import type { BenchCase } from '../bench-line.js';
import { cases as analytics } from './analytics.js';
import { cases as orderFlow } from './order-flow.js';
import { cases as regime } from './regime.js';
import { cases as parse } from './parse.js';
import { cases as bus } from './bus.js';
import { cases as paperEntry } from './paper-entry.js';
import { cases as backtest } from './backtest.js';

export const cases: BenchCase[] = [...analytics, ...orderFlow, ...regime, ...parse, ...bus, ...paperEntry, ...backtest];
