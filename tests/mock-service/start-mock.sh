# Sourced by the official-SDK runs (js/run.sh, python/run.sh): builds
# acs-chat-mock and starts it over TLS on a free loopback port, stopped when
# the sourcing script exits.
#
#   mock_build   sets $bin: the mock binary ($ACS_CHAT_MOCK_BIN, else built
#                with cargo into $CARGO_TARGET_DIR or target/); needs $root
#   mock_start   starts `$bin serve --tls --no-throttling` and sets $work (a
#                temporary directory), $mock_pid, $base_url and $ca_file

mock_build() {
  target_dir="${CARGO_TARGET_DIR:-$root/target}"
  bin="${ACS_CHAT_MOCK_BIN:-$target_dir/debug/acs-chat-mock}"
  if [ -z "${ACS_CHAT_MOCK_BIN:-}" ] && command -v cargo >/dev/null 2>&1; then
    cargo build --quiet -p acs-chat-mock   # a no-op when already built
  fi
  [ -x "$bin" ] || { echo "error: $bin not found; run: cargo build -p acs-chat-mock" >&2; exit 1; }
}

mock_cleanup() {
  kill -TERM "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}

mock_start() {
  work="$(mktemp -d)"
  "$bin" serve --tls --no-throttling --quiet --addr 127.0.0.1:0 --cert-out "$work/ca.pem" \
    >"$work/stdout" 2>"$work/stderr" &
  mock_pid=$!
  trap mock_cleanup EXIT

  # First stdout line: the base URL; second: the CA certificate file.
  for _ in $(seq 1 200); do
    [ "$(wc -l <"$work/stdout")" -ge 2 ] && break
    if ! kill -0 "$mock_pid" 2>/dev/null; then
      echo "error: the mock exited:" >&2; cat "$work/stderr" >&2; exit 1
    fi
    sleep 0.1
  done
  base_url="$(sed -n 1p "$work/stdout")"
  ca_file="$(sed -n 2p "$work/stdout")"
  [ -n "$ca_file" ] || { echo "error: the mock did not start in time" >&2; cat "$work/stderr" >&2; exit 1; }
}
