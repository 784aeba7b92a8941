import { runStackPreview } from "./preview/stack";
(async () => {
  const t = Date.now();
  const r = await runStackPreview({ stack: process.argv[2] ?? "prod", policy: process.argv[3] === "policy" });
  console.log("ms", Date.now() - t, "resources", r.graph.resources.length, "violations", JSON.stringify(r.violations), r.graph.unsimulatedTypes);
  for (const x of r.graph.resources.filter((x) => /route53\/(record|healthCheck|zone)|metricAlarm|Failover/.test(x.type))) console.log(x.type, x.name, JSON.stringify(x.inputs).slice(0, 300));
  console.log(JSON.stringify(r.plan.outputs["failover"]));
})().catch((e) => { console.error(e); process.exit(1); });
