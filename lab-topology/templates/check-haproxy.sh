#!/bin/sh
# Is this node's HAProxy alive and serving? Asked over its own admin socket (see haproxy.cfg), not
# with pidof or killall: on the embedded lab all nodes share one PID namespace, so those would
# also see the other nodes' HAProxy.
echo "show info" | socat -t 1 - UNIX-CONNECT:/run/haproxy-admin.sock 2>/dev/null | grep -q '^Pid:'
