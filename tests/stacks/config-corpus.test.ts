/**
 * A corpus of realistic bad `Pulumi.<stack>.yaml` files (tests/stacks/config-corpus/), each run the way a user
 * runs it: `crosscloud validate --config FILE` and `crosscloud preview --config FILE`. Every file says, in its
 * header, what is wrong with it (`# expect: <config path> <CODE>`, every issue, in order), which stack it is
 * for, and any secret it holds (`# never-printed: …`). Each must exit 1 with exactly those issues, write
 * nothing, and never print the secret.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../cli/main";

const CORPUS = path.join(__dirname, "config-corpus");
const root = path.join(__dirname, "../..");
const REGISTRY = path.join(root, "stacks/ipam-registry.yaml");

interface Case {
  readonly file: string;
  readonly stack: string;
  readonly expected: readonly (readonly [string, string])[];
  readonly secrets: readonly string[];
  /** Why the preview is skipped, if it is. */
  readonly noPreview?: string;
}

function corpus(): Case[] {
  return fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(CORPUS, f), "utf8");
      const header = (name: string): string[] => [...text.matchAll(new RegExp(`^# ${name}: (.+)$`, "gm"))].map((m) => (m[1] as string).trim());
      const preview = header("preview")[0];
      return {
        file: f,
        stack: header("stack")[0] ?? "dev",
        expected: header("expect").map((e) => e.split(" ") as unknown as readonly [string, string]),
        secrets: header("never-printed"),
        ...(preview !== undefined ? { noPreview: preview } : {}),
      };
    });
}

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, text: () => out.join("") + err.join("") };
};
/** `  - <path>: <message> [<CODE>]` lines of a printed PlanError. */
const printed = (text: string): [string, string][] => [...text.matchAll(/^ {2}- (\S+): .* \[([A-Z_]+)\]$/gm)].map((m) => [m[1] as string, m[2] as string]);

const CASES = corpus();
let dir: string;
let registryBefore: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-corpus-"));
  registryBefore = fs.readFileSync(REGISTRY, "utf8");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The case's file as `Pulumi.<stack>.yaml` in a directory of its own; the directory's listing after `run`. */
async function inOwnDir(c: Case, run: (file: string, where: string) => Promise<void>): Promise<string[]> {
  const where = fs.mkdtempSync(path.join(dir, `${c.file.replace(/\.yaml$/, "")}-`));
  const file = path.join(where, `Pulumi.${c.stack}.yaml`);
  fs.copyFileSync(path.join(CORPUS, c.file), file);
  await run(file, where);
  return fs.readdirSync(where);
}

describe("the bad-config corpus", () => {
  it("has at least 60 configs, each expecting at least one issue at a config path", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    for (const c of CASES) {
      expect([c.file, c.expected.length > 0]).toEqual([c.file, true]);
      for (const [p, code] of c.expected) expect([c.file, p, code]).toEqual([c.file, expect.stringMatching(/^(crosscloud:[A-Za-z-]+|aws:region|azure-native:location)(\.|$)/), expect.stringMatching(/^[A-Z_]+$/)]);
    }
  });

  it.each(CASES.map((c) => [c.file, c] as const))("%s: crosscloud validate exits 1 with exactly its issues, writes nothing, echoes no secret", async (_, c) => {
    const listing = await inOwnDir(c, async (file) => {
      const text = capture();
      expect(await main(["validate", "--config", file, "--stack", c.stack], text.io)).toBe(1);
      expect(printed(text.text())).toEqual(c.expected);
      for (const s of c.secrets) expect(text.text()).not.toContain(s);
      const json = capture();
      expect(await main(["validate", "--config", file, "--stack", c.stack, "--json"], json.io)).toBe(1);
      const result = JSON.parse(json.text()) as { valid: boolean; issues: { path: string; code: string }[] };
      expect([result.valid, result.issues.map((i) => [i.path, i.code])]).toEqual([false, c.expected]);
      for (const s of c.secrets) expect(json.text()).not.toContain(s);
    });
    expect(listing).toEqual([`Pulumi.${c.stack}.yaml`]);
    expect(fs.readFileSync(REGISTRY, "utf8")).toBe(registryBefore);
  });

  it.each(CASES.filter((c) => c.noPreview === undefined).map((c) => [c.file, c] as const))(
    "%s: crosscloud preview refuses it the same way, before anything is registered or written",
    async (_, c) => {
      const listing = await inOwnDir(c, async (file, where) => {
        const text = capture();
        expect(await main(["preview", "--config", file, "--stack", c.stack, "--out", path.join(where, "out"), "--no-policy"], text.io)).toBe(1);
        expect(text.text()).toContain(`crosscloud preview: stack "${c.stack}" failed; nothing was written.`);
        expect(printed(text.text())).toEqual(c.expected);
        for (const s of c.secrets) expect(text.text()).not.toContain(s);
      });
      expect(listing).toEqual([`Pulumi.${c.stack}.yaml`]);
      expect(fs.readFileSync(REGISTRY, "utf8")).toBe(registryBefore);
    },
  );
});
