import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { FaultKind, FaultOutcome, classifyFault } from '@cascade/core';

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
