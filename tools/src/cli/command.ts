/**
 * One operator CLI command: its name, one summary line for the command list, its own `--help` text,
 * and `run`, which gets the arguments after the command name and returns the process exit code
 * (0 done, 1 failed, 2 usage error). Each command parses its own options (node:util parseArgs), so
 * adding one never touches another.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: readonly string[]): Promise<number>;
}
