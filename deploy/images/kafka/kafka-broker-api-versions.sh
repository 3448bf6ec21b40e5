#!/bin/sh
# Same name and arguments as the official image's script (docker-compose.yml's health check).
classpath=$(ls /opt/kafka/libs/*.jar | tr '\n' ':')
exec java -Xmx128m -cp "$classpath" kafka.admin.BrokerApiVersionsCommand "$@"
