/**
 * TEST SUPPORT ONLY: the account endpoints of the Bybit fake: one Unified Trading Account (UTA 2.0).
 *
 * Follows Bybit's documented V5 Account and User endpoints:
 * - `GET /v5/account/wallet-balance` (docs/v5/account/wallet-balance): `accountType=UNIFIED`; per coin
 *   walletBalance, equity, unrealisedPnl, locked, totalPositionIM, totalOrderIM, and the deprecated
 *   availableToWithdraw as "" (as UTA 2.0 sends it); account totals. Other account types: 10001.
 * - `GET /v5/account/info` (docs/v5/account/account-info): marginMode, unifiedMarginStatus 6 (UTA 2.0 pro).
 * - `POST /v5/account/set-margin-mode` (docs/v5/account/set-margin-mode): setMarginMode
 *   ISOLATED_MARGIN | REGULAR_MARGIN | PORTFOLIO_MARGIN, for the whole account; `{reasons: []}`.
 * - `GET /v5/user/query-api` (docs/v5/user/apikey-info): the key's info, `uta: 1`; ccxt reads it (and
 *   account/info) to learn that the account is unified before its first private call.
 */
import { type Params, paramError, str } from './bybit-error.js';
import type { Routes } from './server.js';
import type { MarginMode, Trading } from './trading.js';

const MODES: readonly MarginMode[] = ['REGULAR_MARGIN', 'ISOLATED_MARGIN', 'PORTFOLIO_MARGIN'];

export function accountRoutes(t: Trading, now: () => number, apiKey: string): Routes {
  return {
    'GET /v5/account/wallet-balance': { signed: true, handle: (q) => walletBalance(t, q) },
    'GET /v5/account/info': {
      signed: true,
      handle: () => ({ marginMode: t.marginMode, updatedTime: String(now()), unifiedMarginStatus: 6, dcpStatus: 'OFF', timeWindow: 10, smpGroup: 0, isMasterTrader: false, spotHedgingStatus: 'OFF' }),
    },
    'POST /v5/account/set-margin-mode': {
      signed: true,
      handle: (q) => {
        const mode = str(q, 'setMarginMode');
        if (mode === undefined || !(MODES as readonly string[]).includes(mode)) throw paramError('params error: setMarginMode invalid');
        t.marginMode = mode as MarginMode;
        return { reasons: [] };
      },
    },
    'GET /v5/user/query-api': {
      signed: true,
      handle: () => ({
        id: '13770661', note: 'cascade fake', apiKey, readOnly: 0, secret: '', permissions: { ContractTrade: ['Order', 'Position'], Spot: ['SpotTrade'], Wallet: ['AccountTransfer'], Options: [], Derivatives: [], CopyTrading: [], BlockTrade: [], Exchange: [], NFT: [] },
        ips: ['*'], type: 1, deadlineDay: -1, expiredAt: '', createdAt: '2024-01-01T00:00:00Z', unified: 0, uta: 1, userID: 24600000, inviterID: 0, vipLevel: 'No VIP',
        mktMakerLevel: '0', affiliateID: 0, rsaPublicKey: '', isMaster: true, parentUid: '0', kycLevel: 'LEVEL_DEFAULT', kycRegion: '',
      }),
    },
  };
}

function walletBalance(t: Trading, q: Params): Record<string, unknown> {
  const type = str(q, 'accountType');
  if (type !== 'UNIFIED') throw paramError('params error: accountType only support UNIFIED');
  const upl = t.unrealisedTotal();
  const positionIM = t.positionIM();
  const orderIM = t.orderIM();
  const coins = ['USDT', 'BTC', 'ETH'].filter((c) => !t.coin(c).eq(0) || c === 'USDT');
  const usdt = t.coin('USDT');
  return {
    list: [{
      accountType: 'UNIFIED', accountIMRate: '0', accountMMRate: '0', accountLTV: '0', totalEquity: usdt.plus(upl).toFixed(), totalWalletBalance: usdt.toFixed(),
      totalMarginBalance: usdt.plus(upl).toFixed(), totalAvailableBalance: t.availableUsdt().toFixed(), totalPerpUPL: upl.toFixed(), totalInitialMargin: positionIM.plus(orderIM).toFixed(),
      totalMaintenanceMargin: '0',
      coin: coins.map((c) => {
        const wallet = t.coin(c);
        const isUsdt = c === 'USDT';
        return {
          coin: c, equity: (isUsdt ? wallet.plus(upl) : wallet).toFixed(), usdValue: '', walletBalance: wallet.toFixed(), availableToWithdraw: '', availableToBorrow: '',
          borrowAmount: '0', accruedInterest: '0', totalOrderIM: isUsdt ? orderIM.toFixed() : '0', totalPositionIM: isUsdt ? positionIM.toFixed() : '0',
          totalPositionMM: '0', unrealisedPnl: isUsdt ? upl.toFixed() : '0', cumRealisedPnl: '0', bonus: '0', collateralSwitch: true, marginCollateral: true,
          locked: '0', spotHedgingQty: '0', spotBorrow: '0',
        };
      }),
    }],
  };
}
