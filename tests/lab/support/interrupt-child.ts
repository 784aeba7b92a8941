/**
 * Child process for the interrupt test: runs a lab and prints its progress, so the test can send
 * SIGINT/SIGTERM mid-run and then look for anything the run left behind.
 */
import { runLab } from "../../../lab/run";
import { devSpec } from "../fixtures";

runLab({ ...devSpec(), bfd: true }, { log: (m) => console.log(m) })
  .then(() => {
    console.log("FINISHED");
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.log(`ERROR ${error instanceof Error ? error.name : String(error)}`);
    process.exit(3);
  });
