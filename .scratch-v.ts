import { validateCommand } from "./cli/validate";
(async () => {
  for (const args of [["--stack", "dev"], ["--stack", "prod"], ["--config", process.argv[2] ?? "stacks/Pulumi.dev.yaml"]]) {
    const t = Date.now();
    const code = await validateCommand(args);
    console.log("exit", code, Date.now() - t, "ms");
  }
})();
