import * as pulumi from "@pulumi/pulumi";
import { HEALTH_ALARM_DEFAULTS, HealthAlarmThresholds, Issue, checkHealthAlarmThresholds, issue, joinPath } from "../sdk";

/**
 * The health alarms a component builds for what it watches (issue 15, "Day two"): on by default, with an
 * opt-out, settable thresholds, and notifications to an SNS topic and an Azure action group, each given or
 * created. The alarms themselves are built by health-alarms-aws.ts and health-alarms-azure.ts.
 */
export interface HealthAlarmsArgs {
  /**
   * Build the alarms. `false` builds none (and no topic or action group).
   * @default true (`HEALTH_ALARM_DEFAULTS.enabled`)
   */
  readonly enabled?: boolean;
  /**
   * ARN of an SNS topic that receives every AWS alarm's ALARM and OK notifications.
   * @default - a topic named after the component is created
   */
  readonly snsTopicArn?: pulumi.Input<string>;
  /**
   * Id of an Azure Monitor action group that every Azure alert notifies.
   * @default - an action group named after the component is created
   */
  readonly actionGroupId?: pulumi.Input<string>;
  /**
   * Email addresses subscribed to a created topic and added to a created action group (SNS asks each
   * address to confirm). Ignored for a topic or action group that is given.
   * @default []
   */
  readonly notifyEmails?: string[];
  /**
   * Thresholds and timing.
   * @default - `HEALTH_ALARM_DEFAULTS`, and the plan's prefix count for routes learned
   */
  readonly thresholds?: HealthAlarmThresholds;
}

/** The topic and action group the alarms notify, once resolved (given or created). */
export interface AlarmActions {
  readonly snsTopicArn: pulumi.Input<string>;
  readonly actionGroupId: pulumi.Input<string>;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Every problem with the alarm args, before any resource is registered; never throws. */
export function checkHealthAlarmsArgs(path: string, args: HealthAlarmsArgs | undefined): Issue[] {
  if (args === undefined) return [];
  const out: Issue[] = [...checkHealthAlarmThresholds(joinPath(path, "thresholds"), args.thresholds)];
  (args.notifyEmails ?? []).forEach((e, i) => {
    if (!EMAIL.test(e)) out.push(issue(joinPath(path, "notifyEmails", String(i)), "VALUE_REQUIRED", `"${e}" is not an email address`));
  });
  return out;
}

export const alarmsEnabled = (args: HealthAlarmsArgs | undefined): boolean => args?.enabled ?? HEALTH_ALARM_DEFAULTS.enabled;
