#!/bin/sh
# RabbitMQ on {{node.name}}: the partition heal pause_minority leaves undone; rendered by hagate's deployer
# from lab-topology/templates/rabbitmq-partition-heal.sh and run beside the server.
#
# pause_minority pauses a cut-off node only once it has noticed its peers gone (net_ticktime, one peer after
# the other). A partition that heals before then leaves Mnesia split for good with every node running, each
# side sure it is the cluster (RabbitMQ #17319; measured here with 18 s cuts). Mnesia logs it
# ("inconsistent_database"). On that line, once the cluster has had time to settle, a node that sees fewer
# than a majority of the cluster's nodes in Mnesia restarts its RabbitMQ application, which then rejoins the
# majority, as the Pacemaker resource agent for RabbitMQ does. Only on that line: one rabbitmqctl call costs
# about a second of CPU.
log=/var/log/rabbitmq/rabbit.log
settle=5

minority() {
  [ "$(timeout 30 rabbitmqctl -q eval 'Running = length(mnesia:system_info(running_db_nodes)),
      All = length(mnesia:system_info(db_nodes)),
      rabbit_node_monitor:partitions() =/= [] andalso 2 * Running =< All.' 2>/dev/null)" = true ]
}

tail -n 0 -F "$log" 2>/dev/null | grep --line-buffered -F inconsistent_database | while read -r _; do
  sleep "$settle"
  if minority; then
    echo "$(date -u +%FT%T.%NZ) partitioned and in the minority: restarting the RabbitMQ application"
    timeout 60 rabbitmqctl -q stop_app && timeout 120 rabbitmqctl -q start_app \
      && echo "$(date -u +%FT%T.%NZ) the RabbitMQ application is running again"
  fi
done &
# Stopped as one: the watch's pipeline goes with this shell.
trap 'trap - TERM INT; kill 0' TERM INT
wait
