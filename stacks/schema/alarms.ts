/**
 * `crosscloud:alarms`: the health alarms every component builds (components/health-alarms*.ts, README "Day
 * two"). The schema checks shapes; the values' rules (periods, severities, windows) are the sdk's
 * (`checkHealthAlarmThresholds`), applied with the plan in the same pass.
 */
import { z } from "zod";
import { HEALTH_ALARM_DEFAULTS } from "../../sdk";
import { flag, list, resourceId, section, text } from "./fields";

const num = (description: string) => z.number().describe(description);

export const alarmThresholds = section(
  {
    awsPeriodSeconds: num(`AWS tunnel alarms: seconds per TunnelState datapoint (60 or a multiple). Default ${HEALTH_ALARM_DEFAULTS.awsPeriodSeconds}.`).optional(),
    awsEvaluationPeriods: num(`AWS tunnel alarms: breaching periods before the alarm fires. Default ${HEALTH_ALARM_DEFAULTS.awsEvaluationPeriods}.`).optional(),
    dxEvaluationPeriods: num(`Direct Connect alarms: breaching 1-minute periods. Default ${HEALTH_ALARM_DEFAULTS.dxEvaluationPeriods}.`).optional(),
    azureWindow: text(`Azure alerts: evaluation frequency and window, ISO 8601 (PT5M, PT15M, …). Default ${HEALTH_ALARM_DEFAULTS.azureWindow}.`).optional(),
    azureSeverity: num(`Azure alert severity, 0 (critical) to 4 (verbose). Default ${HEALTH_ALARM_DEFAULTS.azureSeverity}.`).optional(),
    minimumRoutesLearned: num("Fire when the Azure gateway learns fewer routes than this from a BGP peer. Default: the prefixes the plan has AWS advertise.").optional(),
    expressRouteAvailabilityPercent: num(`ExpressRoute BgpAvailability/ArpAvailability below this percentage fires. Default ${HEALTH_ALARM_DEFAULTS.expressRouteAvailabilityPercent}.`).optional(),
  },
  "When the alarms fire.",
);

export const alarms = section(
  {
    enabled: flag("Build the health alarms. Default true.").optional(),
    snsTopicArn: resourceId("SNS topic the AWS alarms notify. Default: one is created.", /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)").optional(),
    actionGroupId: text("Azure Monitor action group the Azure alerts notify (its resource id). Default: one is created.").optional(),
    notifyEmails: list(text("An email address."), "Addresses the created topic and action group notify. Default none.").optional(),
    thresholds: alarmThresholds.optional(),
  },
  "Health alarms on both clouds: per tunnel, per connection, per BGP peer, on the interconnect. On by default.",
);

export type AlarmsSection = z.output<typeof alarms>;
