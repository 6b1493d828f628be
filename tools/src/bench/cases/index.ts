// Every benchmark case (issue 14 item 7); the runner takes `--only <prefix>`.
import type { BenchCase } from '../bench-line.js';
import { cases as analytics } from './analytics.js';

export const allCases: BenchCase[] = [...analytics];
