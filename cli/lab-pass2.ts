import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";

/**
 * The prod stack's second `pulumi up` pass (README "Bring-up sequence"): the config with
 * `crosscloud:interconnect.expressRoute.providerProvisioned: true`, the one line the bring-up changes once the
 * provider has provisioned the circuit. `crosscloud lab` previews it when the config still renders no
 * ExpressRoute connection, so that the interconnect it will carry is proven before the provider provisions it;
 * the lab still emulates only what that preview renders. Returns a temporary config file and its cleanup.
 */
export function secondPassConfig(configFile: string): { file: string; cleanup: () => void } {
  const doc = parseYaml(readFileSync(configFile, "utf8")) as { config?: Record<string, unknown> } | null;
  const ic = doc?.config?.["crosscloud:interconnect"] as { expressRoute?: Record<string, unknown> } | undefined;
  if (!doc?.config || !ic?.expressRoute) throw new Error(`${configFile}: no crosscloud:interconnect.expressRoute to provision`);
  ic.expressRoute.providerProvisioned = true;
  const dir = mkdtempSync(join(tmpdir(), "crosscloud-lab-pass2-"));
  const file = join(dir, "Pulumi.pass2.yaml");
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
