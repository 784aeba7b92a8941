/** The overlay sample stack, previewed as `crosscloud lab --stack overlay` does, as lab specs (UDR and Route Server variants). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { runStackPreview } from "../../../preview/stack";
import { overlayLabSpecsFromGraph } from "../../../lab/overlay/from-graph";
import type { OverlayLabSpec } from "../../../lab/overlay/spec";
import type { RecordedGraph } from "../../../graph";

const ROOT = path.resolve(__dirname, "../../..");

/** stacks/Pulumi.overlay.yaml, with Route Server when asked, in a temporary file. */
export function overlayConfig(routeServer: boolean): string {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.overlay.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> };
  (doc.config["crosscloud:overlay"] as Record<string, unknown>)["routeServer"] = routeServer;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cc-overlay-lab-")), "Pulumi.overlay.yaml");
  fs.writeFileSync(file, stringifyYaml(doc));
  return file;
}

export async function overlayGraph(routeServer: boolean): Promise<RecordedGraph> {
  return (await runStackPreview({ stack: "overlay", config: overlayConfig(routeServer), policy: false })).graph;
}

export async function overlaySpec(routeServer: boolean): Promise<OverlayLabSpec> {
  const [spec] = overlayLabSpecsFromGraph(await overlayGraph(routeServer));
  if (!spec) throw new Error("no overlay spec");
  return spec;
}

/** The spec with one router's rendered user data edited (a broken rendering, as a negative test needs). */
export function editUserData(spec: OverlayLabSpec, edit: (text: string, router: string) => string, only?: string): OverlayLabSpec {
  return { ...spec, routers: spec.routers.map((r) => (only === undefined || r.key === only ? { ...r, userData: edit(r.userData, r.key) } : r)) };
}
