#!/bin/sh
# Galera health for HAProxy's httpchk, served on port 9200 by socat (one process per check):
# 200 only when this node is Synced (wsrep_local_state 4), so HAProxy never sends clients to a
# node that is joining, donating or cut off from the primary component.
state=$(mariadb --connect-timeout=2 -N -B -e "SHOW GLOBAL STATUS LIKE 'wsrep_local_state'" 2>/dev/null | cut -f2)
if [ "$state" = "4" ]; then
  status="200 OK"; body="Galera node {{node.name}} is synced"
else
  status="503 Service Unavailable"; body="Galera node {{node.name}} is not synced (state ${state:-unreachable})"
fi
printf 'HTTP/1.1 %s\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: %s\r\n\r\n%s' \
  "$status" "${#body}" "$body"
