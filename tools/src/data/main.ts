import { downloadHelp, runDownload } from './download-command.js';

const HELP = `cascade data: fetch real market history to replay and backtest

Usage: npm run data -- download [options]     (npm run data -- download --help)

Commands:
  download   Binance public data (trades, aggTrades, klines, fundingRate) with SHA-256 checks,
             resumable downloads and a progress bar, into the repo's data/ folder

Example:
  npm run data -- download --market spot --symbol BTCUSDT --kind aggTrades --from 2024-01-01 --to 2024-01-31`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'download') {
    console.error(`unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(downloadHelp);
    return 0;
  }
  return runDownload(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`data: ${(e as Error).message}`);
    process.exit(1);
  },
);
