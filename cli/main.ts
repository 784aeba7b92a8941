#!/usr/bin/env node
/** The `crosscloud` command: one table of commands, each written the same way (./command.ts). */
import { checkCmd } from "./check";
import { CommandIo, OptionSpec, Command, runCommand } from "./command";
import { ipamCmd } from "./ipam";
import { previewCmd } from "./preview";

interface Entry {
  readonly summary: string;
  /** Loaded lazily where the command pulls in something heavy or privileged (the lab manages processes and namespaces). */
  load(): Promise<Command<Readonly<Record<string, OptionSpec>>>>;
}

const COMMANDS: Readonly<Record<string, Entry>> = {
  preview: { summary: previewCmd.summary, load: async () => previewCmd },
  check: { summary: checkCmd.summary, load: async () => checkCmd },
  ipam: { summary: ipamCmd.summary, load: async () => ipamCmd },
  lab: { summary: "prove the rendered tunnels and BGP with real strongSwan and FRR in network namespaces (root)", load: async () => (await import("./lab")).labCmd },
};

export const USAGE = `usage: crosscloud <command> [options]\n${Object.entries(COMMANDS)
  .map(([name, e]) => `  ${name.padEnd(9)} ${e.summary}`)
  .join("\n")}\nRun 'crosscloud <command> --help' for its options.`;

export async function main(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`crosscloud: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  return runCommand(await entry.load(), rest, io);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`crosscloud: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
