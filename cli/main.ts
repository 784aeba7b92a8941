#!/usr/bin/env node
/** The `crosscloud` command: one table of commands, each written the same way (./command.ts). */
import { CommandIo, OptionSpec, Command, runCommand } from "./command";

interface Entry {
  /** One line for `crosscloud --help`. */
  readonly summary: string;
  /**
   * Exit as soon as the command returns. `verify` needs it: the cloud SDKs' credential chains can leave timers
   * behind (DefaultAzureCredential's managed-identity probe keeps Node alive ~19 s after verify has given up).
   * @default false
   */
  readonly exitPromptly?: boolean;
  /**
   * Loaded when used: `validate` must start fast (editors and pre-commit hooks run it), so it does not pay for
   * the Pulumi SDK that `preview` loads, and the lab manages processes and namespaces.
   */
  load(): Promise<Command<Readonly<Record<string, OptionSpec>>>>;
}

const COMMANDS: Readonly<Record<string, Entry>> = {
  preview: { summary: "run a stack offline: tree, plan.json, topology.md, time to connectivity, policies", load: async () => (await import("./preview")).previewCmd },
  validate: { summary: "check a stack's config (schema, plan, interconnect, DNS) without running it; fast, writes nothing", load: async () => (await import("./validate")).validateCmd },
  check: { summary: "run the policy pack over a plan.json or a 'pulumi stack export' file", load: async () => (await import("./check")).checkCmd },
  ipam: { summary: "show or record a stack's allocations in the shared IPAM registry", load: async () => (await import("./ipam")).ipamCmd },
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
  const command = await entry.load();
  return runCommand(command, rest, io);
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
