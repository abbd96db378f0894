#!/usr/bin/env bash
# Drives the ember binary in tmux as a person would: Tab completion of a name, of an attribute
# and of a keyword argument, history recall with Up and with Ctrl-R search, Ctrl-C at the
# prompt and during a loop, and Ctrl-D to leave. Prints each screen it checks; exits non-zero at the first mismatch.
set -euo pipefail
ember=${1:?usage: line-editor.sh PATH-TO-EMBER}
history=$(mktemp)
session="ember-test-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -f "$history"' EXIT

tmux new-session -d -s "$session" -x 100 -y 30 "EMBER_HISTORY=$history NO_COLOR=1 $ember"
screen() { tmux capture-pane -p -t "$session"; }
wait_for() {
    for _ in $(seq 1 50); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    echo "expected to see: $1"; echo "--- screen ---"; screen; exit 1
}
type_keys() { tmux send-keys -t "$session" "$@"; }

wait_for ">>>"
type_keys 'learning_rate = 0.25' Enter
type_keys 'learning_r' Tab Enter
wait_for "0.25"
type_keys 'net = Sequential(Linear(2, 3))' Enter
type_keys 'net.zero_g' Tab
wait_for ">>> net.zero_grad"
type_keys C-u 'Conv2d(1, 2, kernel_s' Tab
wait_for ">>> Conv2d(1, 2, kernel_size="
type_keys C-c
wait_for "KeyboardInterrupt"
type_keys 'for i in range(10**9):' Enter '    learning_rate = i' Enter Enter
sleep 0.5
type_keys C-c
wait_for "KeyboardInterrupt"
type_keys 'learning_rate >= 0' Enter
wait_for "True"
type_keys Up
wait_for ">>> learning_rate >= 0"
type_keys C-u 'clear = 1' Enter C-l
sleep 0.3
type_keys C-r 'rate >='
sleep 0.3
type_keys Enter
wait_for "True"
type_keys C-u C-d
for _ in $(seq 1 50); do
    tmux has-session -t "$session" 2>/dev/null || break
    sleep 0.1
done
if tmux has-session -t "$session" 2>/dev/null; then echo "Ctrl-D did not end the shell"; screen; exit 1; fi
grep -q "learning_rate" "$history" || { echo "history was not saved"; exit 1; }
echo "line editor: all checks passed"
