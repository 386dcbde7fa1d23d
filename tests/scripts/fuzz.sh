#!/bin/sh
# A short run of each libFuzzer target of the protocol cores (ASan, UBSan):
# no crash, leak, timeout or out-of-memory. make fuzz runs them long.
# Runs from the top of the build tree.
script_name=fuzz
. "$(dirname "$0")/checks.inc"

runs=${FUZZ_CHECK_RUNS:-20000}
for fuzzer in build/native/fuzz/*; do
    case "$fuzzer" in *-seeds|*/corpus-*|*/crash-*|*/leak-*|*/timeout-*|*/oom-*) continue ;; esac
    check "$(basename "$fuzzer"): $runs executions without a finding" tests/fuzz/run "$runs" "$fuzzer"
done
summary
