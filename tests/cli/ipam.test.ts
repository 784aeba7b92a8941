import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { ipamCommand } from "../../cli/ipam";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
};

const REGISTRY = path.resolve(__dirname, "../../stacks/ipam-registry.yaml");

describe("crosscloud ipam", () => {
  it.each(["dev", "prod", "overlay"])("finds the %s stack's allocations already recorded: the registry is current", async (stack) => {
    const { io, out, err } = capture();
    expect(await ipamCommand(["--stack", stack], io)).toBe(0);
    expect(err.join("")).toBe("");
    expect(parseYaml(out.join(""))).toEqual(parseYaml(fs.readFileSync(REGISTRY, "utf8")));
  });

  it("plans the overlay stack's networks and its overlay: the /24, one /31 per link, one /32 per router, keyed", async () => {
    const { io, out } = capture();
    await ipamCommand(["--stack", "overlay"], io);
    const mine = (parseYaml(out.join("")) as { allocations: { stack: string; key: string; cidr: string }[] }).allocations.filter((a) => a.stack === "overlay");
    const by = (prefix: string) => mine.filter((a) => a.key.startsWith(prefix)).map((a) => a.cidr.split("/")[1]);
    expect(by("overlay/inside")).toEqual(["24"]);
    expect(by("overlay/link/")).toEqual(["31", "31", "31", "31"]);
    expect(by("overlay/router/")).toEqual(["32", "32", "32", "32"]);
    expect(mine.find((a) => a.key === "aws/vpc/app/subnet/public-a")).toBeDefined();
    expect(mine.find((a) => a.key === "azure/vnet/hub/subnet/routers")).toBeDefined();
  });
});
