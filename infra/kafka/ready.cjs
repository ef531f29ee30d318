// One readiness probe for ready.sh: exits 0 when the broker answers a metadata request
// (kafkajs admin listTopics), 1 otherwise. Usage: node ready.cjs [host:port[,host:port]]
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
// The SCRAM login scripts/env.sh sets when KAFKA_AUTH=sasl (the same rule as kafkaSaslFromEnv).
const username = process.env.KAFKA_SASL_USERNAME;
const sasl = username ? { mechanism: 'scram-sha-256', username, password: process.env.KAFKA_SASL_PASSWORD || '' } : undefined;
const admin = new Kafka({
  clientId: 'massage-kafka-ready',
  brokers,
  sasl,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  requestTimeout: 5000,
  retry: { retries: 0 },
}).admin();

const timer = setTimeout(() => {
  console.error('metadata request timed out');
  process.exit(1);
}, 10000);

admin
  .connect()
  .then(() => admin.listTopics())
  .then((topics) => {
    console.log(`Kafka at ${brokers.join(',')} answers metadata requests (${topics.length} topics)`);
    return admin.disconnect().then(() => process.exit(0));
  })
  .catch((error) => {
    console.error(`not ready: ${error && error.message ? error.message : error}`);
    clearTimeout(timer);
    process.exit(1);
  });
