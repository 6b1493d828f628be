/**
 * ccxt's error classes, child → parent, as ccxt 4.5 declares them (js/src/base/errorHierarchy.js).
 * Core may not import ccxt, so errors are recognised by class name; this table lets an error that
 * arrives with only its `name` (serialised, or from a subclass we have never seen) still find its
 * ancestors. `ccxt-error-tree.test.ts` checks the table against the installed ccxt classes.
 *
 * Note RateLimitExceeded and DDoSProtection are siblings under NetworkError, not parent and child.
 */
export const CCXT_ERROR_PARENT = {
  BaseError: null,
  ExchangeError: 'BaseError',
  AuthenticationError: 'ExchangeError',
  PermissionDenied: 'AuthenticationError',
  AccountNotEnabled: 'PermissionDenied',
  AccountSuspended: 'AuthenticationError',
  ArgumentsRequired: 'ExchangeError',
  BadRequest: 'ExchangeError',
  BadSymbol: 'BadRequest',
  OperationRejected: 'ExchangeError',
  NoChange: 'OperationRejected',
  MarginModeAlreadySet: 'NoChange',
  MarketClosed: 'OperationRejected',
  ManualInteractionNeeded: 'OperationRejected',
  RestrictedLocation: 'OperationRejected',
  InsufficientFunds: 'ExchangeError',
  InvalidAddress: 'ExchangeError',
  AddressPending: 'InvalidAddress',
  InvalidOrder: 'ExchangeError',
  OrderNotFound: 'InvalidOrder',
  OrderNotCached: 'InvalidOrder',
  OrderImmediatelyFillable: 'InvalidOrder',
  OrderNotFillable: 'InvalidOrder',
  DuplicateOrderId: 'InvalidOrder',
  ContractUnavailable: 'InvalidOrder',
  NotSupported: 'ExchangeError',
  InvalidProxySettings: 'ExchangeError',
  ExchangeClosedByUser: 'ExchangeError',
  OperationFailed: 'BaseError',
  NetworkError: 'OperationFailed',
  DDoSProtection: 'NetworkError',
  RateLimitExceeded: 'NetworkError',
  ExchangeNotAvailable: 'NetworkError',
  OnMaintenance: 'ExchangeNotAvailable',
  InvalidNonce: 'NetworkError',
  ChecksumError: 'InvalidNonce',
  RequestTimeout: 'NetworkError',
  BadResponse: 'OperationFailed',
  NullResponse: 'BadResponse',
  CancelPending: 'OperationFailed',
  UnsubscribeError: 'BaseError',
} as const satisfies Record<string, string | null>;

export type CcxtErrorName = keyof typeof CCXT_ERROR_PARENT;

export function isCcxtErrorName(name: string): name is CcxtErrorName {
  return Object.hasOwn(CCXT_ERROR_PARENT, name);
}

/** `name` and its ancestors in ccxt's tree, most specific first; [] for a name ccxt does not have. */
export function ccxtAncestry(name: string): CcxtErrorName[] {
  const out: CcxtErrorName[] = [];
  let n: CcxtErrorName | null = isCcxtErrorName(name) ? name : null;
  while (n !== null) {
    out.push(n);
    n = CCXT_ERROR_PARENT[n];
  }
  return out;
}
