#!/usr/bin/env bash
# The same command as Kafka's bin/kafka-topics.sh (infra/compose/create-topics.sh calls it).
exec java -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp "/opt/kafka/libs/*" org.apache.kafka.tools.TopicCommand "$@"
