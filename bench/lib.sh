# Shared by the bench scripts (sourced, not run).

# wait_ready PID PORT: waits until the process answers PING on the port and is the one that answers (INFO's
# process_id), so a port taken by someone else between picking and binding is not mistaken for our server. Gives
# up after START_TIMEOUT seconds (default 30), or at once when the process has died or another one answers.
wait_ready() {
    local pid=$1 port=$2 deadline=$((SECONDS + ${START_TIMEOUT:-30})) answering
    while [ $SECONDS -lt $deadline ]; do
        kill -0 "$pid" 2>/dev/null || return 1
        if [ "$(timeout 10 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
            answering=$(timeout 10 redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' \
                | awk -F: '$1 == "process_id" { print $2; exit }')
            [ "$answering" = "$pid" ]
            return
        fi
        sleep 0.2
    done
    return 1
}
