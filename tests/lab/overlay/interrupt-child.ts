/**
 * Child process for the overlay lab's interrupt test: runs the overlay lab and prints its progress, so the
 * test can send SIGINT/SIGTERM mid-run and then look for anything the run left behind.
 */
import { runOverlayLab } from "../../../lab/overlay/run";
import { overlaySpec } from "./fixtures";

overlaySpec(false)
  .then((spec) => runOverlayLab(spec, { log: (m) => console.log(m) }))
  .then(() => {
    console.log("FINISHED");
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.log(`ERROR ${error instanceof Error ? error.name : String(error)}`);
    process.exit(3);
  });
