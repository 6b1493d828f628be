import ccxt, { errors } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { FaultKind, FaultOutcome, classifyFault, isCcxtError, isVenueRefusal } from '@cascade/core';

describe('classifyFault on real ccxt error instances', () => {
  it.each([
    ['RateLimitExceeded', new ccxt.RateLimitExceeded('binance 429'), FaultKind.RateLimited, FaultOutcome.NotApplied],
    ['DDoSProtection', new ccxt.DDoSProtection('418'), FaultKind.RateLimited, FaultOutcome.NotApplied],
    ['RequestTimeout', new ccxt.RequestTimeout('timed out'), FaultKind.Timeout, FaultOutcome.Unknown],
    ['ExchangeNotAvailable', new ccxt.ExchangeNotAvailable('503'), FaultKind.Unavailable, FaultOutcome.Unknown],
    ['OnMaintenance (child of ExchangeNotAvailable)', new ccxt.OnMaintenance('maint'), FaultKind.Unavailable, FaultOutcome.Unknown],
    ['InvalidNonce', new ccxt.InvalidNonce('nonce'), FaultKind.Network, FaultOutcome.NotApplied],
    ['ChecksumError (child of InvalidNonce)', new ccxt.ChecksumError('crc'), FaultKind.Network, FaultOutcome.NotApplied],
    ['NetworkError', new ccxt.NetworkError('ECONNRESET'), FaultKind.Network, FaultOutcome.Unknown],
    ['BadResponse', new ccxt.BadResponse('not json'), FaultKind.BadResponse, FaultOutcome.Unknown],
    ['NullResponse', new ccxt.NullResponse('empty'), FaultKind.BadResponse, FaultOutcome.Unknown],
  ])('retries %s', (_label, err, kind, outcome) => {
    const f = classifyFault(err);
    expect(f).toMatchObject({ retryable: true, kind, outcome });
  });

  it.each([
    ['InvalidOrder', new ccxt.InvalidOrder('bad qty')],
    ['OrderNotFound', new ccxt.OrderNotFound('gone')],
    ['DuplicateOrderId', new ccxt.DuplicateOrderId('dup')],
    ['InsufficientFunds', new ccxt.InsufficientFunds('poor')],
    ['BadRequest', new ccxt.BadRequest('400')],
    ['BadSymbol', new ccxt.BadSymbol('XYZ')],
    ['AuthenticationError', new ccxt.AuthenticationError('key')],
    ['PermissionDenied', new ccxt.PermissionDenied('ip')],
    ['ExchangeError', new ccxt.ExchangeError('generic')],
    ['MarginModeAlreadySet', new ccxt.MarginModeAlreadySet('same')],
  ])('never retries %s', (_label, err) => {
    const f = classifyFault(err);
    expect(f.retryable).toBe(false);
    expect(f.kind).toBe(FaultKind.Rejected);
  });

  it('reports the prototype chain it walked', () => {
    expect(classifyFault(new ccxt.RateLimitExceeded('x')).lineage).toEqual(['RateLimitExceeded', 'NetworkError', 'OperationFailed', 'BaseError', 'Error']);
  });

  it('classifies a subclass ccxt never declared by its ancestors', () => {
    class BinanceWeightExceeded extends ccxt.RateLimitExceeded {}
    const f = classifyFault(new BinanceWeightExceeded('weight'));
    expect(f).toMatchObject({ kind: FaultKind.RateLimited, matched: 'RateLimitExceeded', retryable: true });
  });

  it('classifies an error that lost its prototype by its name (serialised across a process)', () => {
    expect(classifyFault({ name: 'RequestTimeout', message: 'x' })).toMatchObject({ kind: FaultKind.Timeout, retryable: true });
    expect(classifyFault({ name: 'InsufficientFunds', message: 'x' }).retryable).toBe(false);
  });

  it('does not retry plain errors, bugs or non-errors', () => {
    expect(classifyFault(new TypeError('x is undefined'))).toMatchObject({ kind: FaultKind.Unknown, retryable: false });
    expect(classifyFault(new Error('boom')).retryable).toBe(false);
    expect(classifyFault('string thrown').retryable).toBe(false);
    expect(classifyFault(null).retryable).toBe(false);
    expect(classifyFault(new ccxt.UnsubscribeError('x')).retryable).toBe(false);
  });
});

describe('isVenueRefusal: the venue said no, so the order does not exist', () => {
  // ccxt 4.5 errorHierarchy: InvalidOrder, InsufficientFunds, DuplicateOrderId sit under ExchangeError;
  // RequestTimeout, RateLimitExceeded under NetworkError ⊂ OperationFailed (the other branch).
  it.each([
    ['InvalidOrder', new ccxt.InvalidOrder('x'), true],
    ['InsufficientFunds', new ccxt.InsufficientFunds('x'), true],
    ['DuplicateOrderId', new ccxt.DuplicateOrderId('x'), true],
    ['BadSymbol', new ccxt.BadSymbol('x'), true],
    ['RequestTimeout', new ccxt.RequestTimeout('x'), false],
    ['RateLimitExceeded', new ccxt.RateLimitExceeded('x'), false],
    ['NetworkError', new ccxt.NetworkError('x'), false],
    ['BadResponse', new ccxt.BadResponse('x'), false],
    ['a plain crash', new Error('process killed'), false],
  ])('%s → %s', (_label, err, refused) => {
    expect(isVenueRefusal(err)).toBe(refused);
  });

  it('agrees with instanceof ExchangeError on every class ccxt exports', () => {
    for (const [name, cls] of Object.entries(errors as Record<string, unknown>)) {
      if (typeof cls !== 'function') continue;
      const err: unknown = new (cls as new (m: string) => unknown)(name);
      expect([name, isVenueRefusal(err)]).toEqual([name, err instanceof ccxt.ExchangeError]);
    }
  });
});

describe('isCcxtError: instanceof by the ccxt table', () => {
  it('matches the class and its subclasses, by prototype or by name', () => {
    expect(isCcxtError(new ccxt.OrderNotFound('gone'), 'OrderNotFound')).toBe(true);
    expect(isCcxtError({ name: 'OrderNotFound', message: 'gone' }, 'OrderNotFound')).toBe(true);
    expect(isCcxtError(new ccxt.MarginModeAlreadySet('same'), 'NoChange')).toBe(true);
    expect(isCcxtError(new ccxt.OrderNotFound('gone'), 'InvalidOrder')).toBe(true);
  });

  it('does not match siblings, parents, plain errors or non-errors', () => {
    expect(isCcxtError(new ccxt.InvalidOrder('x'), 'OrderNotFound')).toBe(false);
    expect(isCcxtError(new ccxt.OrderNotCached('x'), 'OrderNotFound')).toBe(false);
    expect(isCcxtError(new Error('OrderNotFound'), 'OrderNotFound')).toBe(false);
    expect(isCcxtError(new TypeError('x'))).toBe(false);
    expect(isCcxtError('OrderNotFound')).toBe(false);
  });

  it('is any ccxt error by default', () => {
    expect(isCcxtError(new ccxt.RequestTimeout('x'))).toBe(true);
    expect(isCcxtError(new ccxt.UnsubscribeError('x'))).toBe(true);
  });
});
