/** The union of an `as const` object's values: `type Side = ValueOf<typeof Side>`. */
export type ValueOf<T> = T[keyof T];
