#!/usr/bin/env node
/** The `crosscloud` command: one table of commands, each written the same way (./command.ts). */
import { checkCmd } from "./check";
import { CommandIo, OptionSpec, Command, runCommand } from "./command";
import { ipamCmd } from "./ipam";
import { previewCmd } from "./preview";

interface Entry {
  readonly summary: string;
  /**
   * Exit as soon as the command returns. `verify` needs it: the cloud SDKs' credential chains can leave timers
   * behind (DefaultAzureCredential's managed-identity probe keeps Node alive ~19 s after verify has given up).
   * @default false
   */
  readonly exitPromptly?: boolean;
  /** Loaded lazily where the command pulls in something heavy or privileged (the lab manages processes and namespaces). */
  load(): Promise<Command<Readonly<Record<string, OptionSpec>>>>;
}

const COMMANDS: Readonly<Record<string, Entry>> = {
  preview: { summary: previewCmd.summary, load: async () => previewCmd },
  check: { summary: checkCmd.summary, load: async () => checkCmd },
  ipam: { summary: ipamCmd.summary, load: async () => ipamCmd },
  lab: { summary: "prove the rendered tunnels and BGP with real strongSwan and FRR in network namespaces (root)", load: async () => (await import("./lab")).labCmd },
  verify: {
    summary: "after pulumi up: check tunnels, BGP, learned prefixes, the interconnect path and the alarms on the live clouds",
    // Loaded lazily: the AWS and Azure SDKs are large and only verify needs them.
    load: async () => (await import("./verify")).verifyCmd,
    exitPromptly: true,
  },
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
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => {
      process.exitCode = code;
      if (COMMANDS[argv[0] ?? ""]?.exitPromptly) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`crosscloud: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
