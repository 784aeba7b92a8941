/** Checks that a local-engine run left nothing behind: the runner process has exited and the engine's port is closed. */
import * as net from "node:net";
import type { EngineRunResult } from "../../../preview/engine/local-engine";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Resolves with the connect error's code ("ECONNREFUSED" for a closed port), or "connected". */
function tryConnect(address: string): Promise<string> {
  const [host, port] = address.split(":");
  return new Promise((resolve) => {
    const socket = net.connect({ host: host ?? "127.0.0.1", port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

export async function expectNothingLeft(result: EngineRunResult): Promise<void> {
  expect(result.pid).toBeDefined();
  expect(processAlive(result.pid as number)).toBe(false);
  expect(await tryConnect(result.request.monitorAddress)).toBe("ECONNREFUSED");
}
