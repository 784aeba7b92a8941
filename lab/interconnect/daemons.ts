import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FrrHandle, frrIds, startFrrDaemon } from "../runtime/daemons";
import type { InterconnectFrr } from "../runtime/context";
import type { LabSpec } from "../spec/spec";
import { renderInterconnectFrr } from "./frr";
import type { InterconnectPlan, InterconnectRole } from "./plan";

const ROLES: readonly InterconnectRole[] = ["dxgw", "mcr", "msee"];

/** Writes each interconnect router's FRR configuration into the run directory (owned by frr). */
export function prepareInterconnectFrr(dir: string, spec: LabSpec, plan: InterconnectPlan): InterconnectFrr {
  const { uid, gid } = frrIds();
  const handle = (role: InterconnectRole): FrrHandle => {
    const fdir = join(dir, `frr-${role}`);
    mkdirSync(fdir, { mode: 0o750 });
    const configs = renderInterconnectFrr(spec, plan, role, { logDir: fdir });
    for (const [daemon, text] of [["zebra", configs.zebra], ["bgpd", configs.bgpd], ["bfdd", configs.bfdd ?? ""]] as const) {
      writeFileSync(join(fdir, `${daemon}.conf`), text, { mode: 0o640 });
      chownSync(join(fdir, `${daemon}.conf`), uid, gid);
    }
    chownSync(fdir, uid, gid);
    return { side: role, namespace: plan.routers[role].namespace, dir: fdir, daemons: [] };
  };
  return { dxgw: handle("dxgw"), mcr: handle("mcr"), msee: handle("msee") };
}

/** zebra, bfdd (every peering runs BFD), then bgpd, in each router; the three routers side by side. */
export async function startInterconnectFrr(frr: InterconnectFrr, deadlineSeconds: number): Promise<void> {
  await Promise.all(
    ROLES.map(async (role) => {
      for (const daemon of ["zebra", "bfdd", "bgpd"] as const) await startFrrDaemon(frr[role], daemon, deadlineSeconds);
    }),
  );
}

export const interconnectHandles = (frr: InterconnectFrr | undefined): FrrHandle[] => (frr ? ROLES.map((r) => frr[r]) : []);
