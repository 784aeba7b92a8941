/** Rendered WireGuard router user data for the overlay policies' tests: the real renderer, known keys. */
import { overlayRouterBoot, renderOverlayCloudInit } from "../../components/overlay-boot-config";
import { planOverlay, type OverlayPlan } from "../../sdk";

export const key = (n: number): string => Buffer.alloc(32, n).toString("base64");

export function overlayPlan(): OverlayPlan {
  const { plan } = planOverlay({ aws: { zones: ["us-east-1a", "us-east-1b"], prefixes: ["10.0.0.0/16"] }, azure: { prefixes: ["10.16.0.0/16"] } });
  if (!plan) throw new Error("plan");
  return plan;
}

/** The cloud-init user data WireGuardOverlay hands router `router`, with `edit` applied to the text. */
export function userData(router = "aws-us-east-1a", edit: (text: string) => string = (t) => t): string {
  const plan = overlayPlan();
  const keys = [...Object.keys(plan.aws.routers), ...Object.keys(plan.azure.routers)];
  return edit(
    renderOverlayCloudInit(
      overlayRouterBoot(plan, router, {
        hostname: router,
        publicIps: Object.fromEntries(keys.map((k, i) => [k, `192.0.2.${i + 1}`])),
        publicKeys: Object.fromEntries(keys.map((k, i) => [k, key(i + 1)])),
        privateKey: key(9),
        presharedKeys: Object.fromEntries(Object.keys(plan.links).map((l, i) => [l, key(20 + i)])),
      }),
    ),
  );
}

export const base64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
