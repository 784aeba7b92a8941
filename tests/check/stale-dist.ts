import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";

/**
 * Sources under `folders` whose compiled dist/ file is missing or older than the source. The pack as the
 * Pulumi CLI starts it from policy/ loads `crosscloud/sdk` and `crosscloud/graph` through the exports map,
 * i.e. from dist/ (tsc only re-emits what changed, so per-file times tell what is stale).
 */
export function staleDist(root: string, folders: readonly string[]): string[] {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const compiled = path.join(root, "dist", rel.replace(/\.ts$/, ".js"));
        if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(path.join(root, rel)).mtimeMs) {
          stale.push(`${rel} is newer than dist/ (run \`npm run build\`)`);
        }
      }
    }
  };
  for (const folder of folders) walk(folder);
  return stale;
}
