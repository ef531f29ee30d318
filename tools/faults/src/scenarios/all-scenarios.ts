import { brokerFreeze } from './broker-freeze.scenario';
import { brokerKill } from './broker-kill.scenario';
import { consumerKill } from './consumer-kill.scenario';
import { leaderRelayFreeze } from './leader-relay-freeze.scenario';
import { poisonRecords } from './poison-records.scenario';
import { postgresCrash } from './postgres-crash.scenario';
import { rebalanceStorm } from './rebalance-storm.scenario';
import { relayKill } from './relay-kill.scenario';
import { rollingRestart } from './rolling-restart.scenario';
import type { Scenario } from './scenario';
import { smtpStall } from './smtp-stall.scenario';

/** The scenarios of issue 5, in its order. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  brokerKill,
  brokerFreeze,
  consumerKill,
  relayKill,
  postgresCrash,
  poisonRecords,
  rebalanceStorm,
  rollingRestart,
  leaderRelayFreeze,
  smtpStall,
];
