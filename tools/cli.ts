#!/usr/bin/env node
/** The `crosscloud` command: preview, check, ipam and lab. */
import { checkCommand } from "./check";
import { ipamCommand } from "./ipam-command";
import { previewCommand } from "./preview/command";

const USAGE = `usage: crosscloud <command> [options]
  preview   run a stack offline: tree, plan.json, topology.md, time to connectivity, policies
  check     run the policy pack over a plan.json or a 'pulumi stack export' file
  ipam      show or record a stack's allocations in the shared IPAM registry
  lab       prove the rendered tunnels and BGP with real strongSwan and FRR in network namespaces (root)
Run 'crosscloud <command> --help' for its options.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "preview":
      return previewCommand(rest);
    case "check":
      return checkCommand(rest);
    case "ipam":
      return ipamCommand(rest);
    case "lab": {
      // Loaded lazily: only the lab manages processes and network namespaces.
      const { labCommand } = await import("./lab-command");
      return labCommand(rest);
    }
    case undefined:
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`crosscloud: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
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
