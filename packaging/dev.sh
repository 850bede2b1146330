#!/usr/bin/env bash
# The README's two commands.
#   packaging/dev.sh start   bootstrap, build (release) and start the product on demo data
#   packaging/dev.sh test    bootstrap, build (debug) and run every test through CTest
set -euo pipefail
cd "$(dirname "$0")/.."

command="${1:-}"
case "$command" in
start) preset=release ;;
test) preset=debug ;;
*)
    echo "usage: packaging/dev.sh start|test" >&2
    exit 2
    ;;
esac

packaging/bootstrap-debian.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

if [[ "$command" == "test" ]]; then
    # Offscreen widgets, and at most two tests at a time: the suites start real servers.
    export QT_QPA_PLATFORM=offscreen
    exec ctest --preset "$preset" --parallel 2 --output-on-failure
fi

data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/dispatch-console"
mkdir -p "$data_dir"
if [[ -x build/release/app/dispatch-console ]]; then
    exec build/release/app/dispatch-console "${@:2}"
fi
# Until the console exists: dispatchd on demo data, with a generated admin password.
password_file="$data_dir/admin-password"
if [[ ! -s "$password_file" ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 >"$password_file")
fi
echo "dispatchd demo: admin password in $password_file"
exec build/release/app/dispatchd --listen 127.0.0.1:8080 --demo \
    --db "sqlite:$data_dir/dispatchd.sqlite" --data-dir "$data_dir" \
    --admin-password-file "$password_file" "${@:2}"
