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

# "RUNNING ALL PARTITIONED": the nodes this node's Mnesia runs with, all of the cluster's, and those it lists
# as partitioned from it.
mnesia_view() {
  timeout 30 rabbitmqctl -q eval 'io:format("~b ~b ~b~n", [length(mnesia:system_info(running_db_nodes)),
      length(mnesia:system_info(db_nodes)), length(rabbit_node_monitor:partitions())]).' 2>/dev/null | head -n 1
}

tail -n 0 -F "$log" 2>/dev/null | grep --line-buffered -F inconsistent_database | while read -r _; do
  sleep "$settle"
  view=$(mnesia_view)
  set -- $view
  if [ $# -eq 3 ] && [ "$3" -gt 0 ] && [ $((2 * $1)) -le "$2" ]; then
    echo "$(date -u +%FT%T.%NZ) Mnesia split: this node runs with $1 of $2, partitioned from $3: restarting the RabbitMQ application"
    timeout 60 rabbitmqctl -q stop_app && timeout 120 rabbitmqctl -q start_app \
      && echo "$(date -u +%FT%T.%NZ) the RabbitMQ application is running again"
  else
    echo "$(date -u +%FT%T.%NZ) Mnesia reported a partition; now this node runs with ${1:-?} of ${2:-?}, partitioned from ${3:-?}: nothing to do"
  fi
done &
# Stopped as one: the watch's pipeline goes with this shell.
trap 'trap - TERM INT; kill 0' TERM INT
wait
