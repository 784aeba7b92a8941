import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { type LabKind, labSkipReason } from "../../lab";

const LOCK = path.join(os.tmpdir(), "crosscloud-lab-tests.lock");
const LOCK_WAIT_MS = 15 * 60 * 1000;

/**
 * One lab test file at a time on a machine: lab runs measure failover times, so two of them (from
 * parallel jest workers) must not compete. An atomic mkdir is the lock; a lock left by a dead process
 * (its pid file names no live process) is taken over.
 */
async function acquireLabLock(): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, "pid"), String(process.pid));
      return;
    } catch {
      const owner = Number(fs.readFileSync(path.join(LOCK, "pid"), { encoding: "utf8", flag: "a+" }) || "0");
      let alive = owner > 0;
      try {
        if (alive) process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`lab test lock ${LOCK} still held by pid ${owner} after ${LOCK_WAIT_MS / 60000} min`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function releaseLabLock(): void {
  try {
    if (fs.readFileSync(path.join(LOCK, "pid"), "utf8") === String(process.pid)) fs.rmSync(LOCK, { recursive: true, force: true });
  } catch {
    // not ours, or already gone
  }
}

/**
 * Real lab runs need root and Debian's packages: strongSwan/FRR for the IPsec lab, wireguard-go/FRR for the
 * overlay lab (`kind`). Where they are missing the tests are
 * skipped and say why, never silently passed; CI sets CROSSCLOUD_LAB_REQUIRED=1 (after installing the
 * packages), and then a missing prerequisite fails the run instead of skipping it.
 */
export function labDescribe(file: string, kind: LabKind = "ipsec"): (name: string, fn: () => void) => void {
  const reason = labSkipReason(undefined, kind);
  if (reason === undefined) {
    return (name, fn) =>
      describe(name, () => {
        beforeAll(acquireLabLock, LOCK_WAIT_MS + 10_000);
        afterAll(releaseLabLock);
        fn();
      });
  }
  if (process.env["CROSSCLOUD_LAB_REQUIRED"] === "1") throw new Error(`${file}: the lab is required here (CROSSCLOUD_LAB_REQUIRED=1) but cannot run: ${reason}`);
  console.warn(`${file}: real lab runs SKIPPED: ${reason}`);
  return (name, fn) => describe.skip(name, fn);
}
