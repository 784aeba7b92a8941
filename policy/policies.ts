import type { Policies, StackValidationPolicy } from "@pulumi/policy";

/**
 * The pack's name as the Pulumi CLI shows it (`crosscloud@v<version>`). It must match
 * `^[a-zA-Z0-9-_.]{1,100}$` or @pulumi/policy refuses to serve the pack.
 */
export const packName = "crosscloud";

/**
 * Placeholder smoke policy so the gRPC plumbing (`crosscloud check`, the preview's policy run)
 * can be tested end to end against a real pack. The real interconnect policies replace it.
 *
 * A default route sent across the AWS<->Azure link would pull all Internet-bound traffic of one
 * cloud through the other (and through the VPN/ExpressRoute bill); the lab's FRR filters drop it
 * for the same reason.
 */
export const noDefaultRouteSmoke: StackValidationPolicy = {
  name: "no-default-route-across-interconnect-smoke",
  description: "No resource may route 0.0.0.0/0 (a default route) across the interconnect.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const resource of args.resources) {
      // `props` is @pulumi/policy's unknown-checking proxy: reading a value that is unknown
      // during preview throws, and the pack reports that as an advisory "can't run" instead.
      if (resource.props.destinationCidrBlock === "0.0.0.0/0") {
        reportViolation(`${resource.type} "${resource.name}" has destinationCidrBlock 0.0.0.0/0.`, resource.urn);
      }
    }
  },
};

export const policies: Policies = [noDefaultRouteSmoke];
