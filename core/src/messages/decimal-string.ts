import { z } from 'zod';

/** Exact decimal amounts travel as strings ("0.00012345"), never as floats. */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string like "12.345"');
