import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PolicyPackClient } from "../../check/client";
import { defaultPackEntry, packageDirOf, packCommand, spawnPack } from "../../check/spawn-pack";
import { policies } from "../../policy/policies";
import { childPids, isAlive } from "./children";

const ROOT = path.resolve(__dirname, "../..");
const MISBEHAVING = path.resolve(__dirname, "../fixtures/analyzer/misbehaving-pack.js");

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "spawn-pack-"));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  expect(childPids()).toEqual([]);
});

describe("choosing the pack entry", () => {
  it("runs the TypeScript pack from sources, where no compiled pack sits beside the module", () => {
    expect(defaultPackEntry(path.join(ROOT, "check"))).toBe(path.join(ROOT, "policy/index.ts"));
  });

  it("runs the compiled pack when the module itself is compiled (dist/check beside dist/policy)", () => {
    const dist = path.join(scratch, "dist");
    mkdirSync(path.join(dist, "policy"), { recursive: true });
    writeFileSync(path.join(dist, "policy/index.js"), "");
    expect(defaultPackEntry(path.join(dist, "check"))).toBe(path.join(dist, "policy/index.js"));
  });

  it("runs .ts entries through tsx and .js entries with plain node, from the nearest package.json's folder", () => {
    expect(packCommand(path.join(ROOT, "policy/index.ts"))).toEqual({
      executable: process.execPath,
      args: ["--import", expect.stringMatching(/^file:\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/), path.join(ROOT, "policy/index.ts")],
      cwd: path.join(ROOT, "policy"),
    });
    // `npm run build` gives the compiled pack its own package.json (policy/compiled-pack.mjs), so it runs
    // from dist/policy, the folder the Pulumi CLI is pointed at in an installed crosscloud.
    const compiled = path.join(scratch, "compiled/dist/policy");
    mkdirSync(compiled, { recursive: true });
    writeFileSync(path.join(compiled, "package.json"), "{}");
    expect(packCommand(path.join(compiled, "index.js"))).toEqual({
      executable: process.execPath,
      args: [path.join(compiled, "index.js")],
      cwd: compiled,
    });
    expect(packageDirOf(path.join(ROOT, "tests/fixtures/analyzer"))).toBe(ROOT);
  });
});

describe("spawnPack failure paths kill the child and say why", () => {
  const run = (mode: string, startTimeoutMs?: number) => {
    const pidFile = path.join(scratch, `${mode}.pid`);
    const promise = spawnPack({
      command: { executable: process.execPath, args: [MISBEHAVING, pidFile, mode], cwd: ROOT },
      ...(startTimeoutMs === undefined ? {} : { startTimeoutMs }),
    });
    return { promise, pid: () => Number(readFileSync(pidFile, "utf8")) };
  };

  it("reports a pack that exits before printing its port, with its stderr", async () => {
    const { promise } = run("exit");
    await expect(promise).rejects.toThrow(/exited \(code 3\) before printing its port; stderr:\npack failed to load/);
  });

  it("rejects a first stdout line that is not a port, and kills the pack", async () => {
    const { promise, pid } = run("junk");
    await expect(promise).rejects.toThrow(/printed "Loading policies\.\.\." where its port was expected/);
    expect(isAlive(pid())).toBe(false);
  });

  it("gives up on a pack that never prints its port by the deadline, and kills it", async () => {
    const { promise } = run("silent", 300);
    await expect(promise).rejects.toThrow(/did not print its port within 300 ms/);
    // On a loaded machine the child may not even have written its pid file by the deadline,
    // so check this process's children rather than that pid.
    expect(childPids()).toEqual([]);
  });

  it("reports an executable that cannot start", async () => {
    await expect(spawnPack({ command: { executable: path.join(scratch, "no-such-node"), args: [], cwd: ROOT } })).rejects.toThrow(
      /could not start: spawn .*no-such-node ENOENT/,
    );
  });
});

describe("spawnPack with the real crosscloud pack", () => {
  it("serves the pack over gRPC on the printed port, and close() ends the process", async () => {
    const pack = await spawnPack();
    const client = new PolicyPackClient(pack.address);
    try {
      expect(pack.address).toBe(`127.0.0.1:${pack.port}`);
      expect(childPids()).toContain(pack.pid);
      const info = await client.getAnalyzerInfo();
      expect(info).toEqual({
        name: "crosscloud",
        version: "0.1.0",
        supportsConfig: true,
        // Exactly the pack's policies, in order, as policy/policies.ts defines them.
        policies: policies.map((p) => ({
          name: p.name,
          description: p.description,
          enforcementLevel: p.enforcementLevel,
          configSchema: { properties: p.configSchema?.properties, required: [] },
        })),
      });
    } finally {
      client.close();
      await pack.close();
    }
    expect(isAlive(pack.pid)).toBe(false);
    await pack.close(); // idempotent
  });
});
