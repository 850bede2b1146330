#!/usr/bin/env bash
# Soak run (not run by CI): starts one or two dispatchd on 127.0.0.1 with a throwaway database,
# runs dispatch_soak against them for --minutes (default 10), then stops them and removes
# every temporary file. tests/soak/README.md explains the output.
#
# Usage: tests/soak/run-soak.sh [--build-dir DIR] [--instances 1|2] [--postgres] [--keep]
#                               [--dispatchd-arg ARG]... [dispatch_soak options, e.g.
#                               --minutes 30 --hostile 300]
#   --build-dir DIR  where dispatchd and dispatch_soak were built (default build/release, else
#                    build/debug); DISPATCHD and DISPATCH_SOAK override the two binaries.
#   --instances 2    two dispatchd on one database; needs --postgres.
#   --postgres       a throwaway PostgreSQL cluster (initdb in a temporary folder, a free
#                    port, trust on loopback) instead of SQLite.
#   --keep           keep the temporary folder (server logs, database) and say where.
#   --dispatchd-arg ARG  one more flag for every dispatchd (repeatable), e.g.
#                    --dispatchd-arg=--idle-timeout-ms=10000.
# Exit status: dispatch_soak's (0 nothing broken, 1 broken, 2 setup failed), or 1 when a
# dispatchd died during the run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

die() {
    echo "run-soak: $*" >&2
    exit 2
}

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

build_dir=""
instances=1
postgres=0
keep=${KEEP_WORK:-0}
forward=()
server_args=()
while (($#)); do
    case $1 in
    --build-dir)
        (($# >= 2)) || die "--build-dir needs a folder"
        build_dir=$2
        shift 2
        ;;
    --build-dir=*)
        build_dir=${1#*=}
        shift
        ;;
    --instances)
        (($# >= 2)) || die "--instances needs 1 or 2"
        instances=$2
        shift 2
        ;;
    --instances=*)
        instances=${1#*=}
        shift
        ;;
    --postgres)
        postgres=1
        shift
        ;;
    --keep)
        keep=1
        shift
        ;;
    --dispatchd-arg)
        (($# >= 2)) || die "--dispatchd-arg needs a value"
        server_args+=("$2")
        shift 2
        ;;
    --dispatchd-arg=*)
        server_args+=("${1#*=}")
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        forward+=("$1")
        shift
        ;;
    esac
done
[[ $instances == 1 || $instances == 2 ]] || die "--instances must be 1 or 2"
if [[ $instances == 2 && $postgres == 0 ]]; then
    die "two instances share one database only on PostgreSQL: add --postgres"
fi

if [[ -z $build_dir ]]; then
    for candidate in "$root/build/release" "$root/build/debug"; do
        if [[ -x $candidate/app/dispatchd ]]; then
            build_dir=$candidate
            break
        fi
    done
    [[ -n $build_dir ]] || die "no build/release/app/dispatchd or build/debug/app/dispatchd; build first (tests/soak/README.md) or give --build-dir"
fi
[[ $build_dir == /* ]] || build_dir=$PWD/$build_dir
dispatchd=${DISPATCHD:-$build_dir/app/dispatchd}
soak=${DISPATCH_SOAK:-$build_dir/tests/soak/dispatch_soak}
[[ -x $dispatchd ]] || die "no dispatchd at $dispatchd"
[[ -x $soak ]] || die "no dispatch_soak at $soak (cmake --build <build dir> --target dispatch_soak)"

work=$(mktemp -d /tmp/dispatch-soak.XXXXXX)
# PostgreSQL's programs run as the user "postgres" when we are root: it must reach its folder.
chmod 755 "$work"
server_pids=()
pg_bin=""
pg_running=0

as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$work/pg" && runuser -u postgres -- "$@")
    else
        (cd "$work/pg" && "$@")
    fi
}

# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
    local status=$?
    local pid
    for pid in "${server_pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            # SIGTERM drains; give it a few seconds, then insist.
            for _ in {1..50}; do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    if ((pg_running)); then
        as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ $keep == 1 ]]; then
        echo "run-soak: kept $work (server logs in dispatchd*/stderr)" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# --- database ----------------------------------------------------------------------------------
if ((postgres)); then
    for candidate in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
        if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
            pg_bin=$candidate
        fi
    done
    [[ -n $pg_bin ]] || die "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)"
    mkdir -m 700 "$work/pg"
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root and there is no user \"postgres\""
        chown postgres: "$work/pg"
    fi
    as_postgres env LC_ALL=C "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 \
        --locale=C --no-sync >"$work/initdb.log" 2>&1 ||
        die "initdb failed: $(tail -3 "$work/initdb.log")"
    pg_port=""
    for _ in {1..5}; do
        candidate=$((20000 + RANDOM % 40000))
        port_is_free "$candidate" || continue
        if as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w -t 60 \
            -o "-p $candidate -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >>"$work/pg-ctl.log" 2>&1; then
            pg_port=$candidate
            pg_running=1
            break
        fi
    done
    [[ -n $pg_port ]] || die "PostgreSQL did not start: $(tail -3 "$work/pg-ctl.log" "$work/pg/postgres.log" 2>/dev/null)"
    env -u PGPASSWORD "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres soak ||
        die "createdb failed"
    db_url="postgresql://postgres@127.0.0.1:$pg_port/soak"
    echo "run-soak: PostgreSQL $(basename "$(dirname "$pg_bin")") on port $pg_port" >&2
else
    db_url="sqlite:$work/dispatchd.sqlite"
fi

# --- dispatchd -----------------------------------------------------------------------------------
head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$work/admin-password"
chmod 600 "$work/admin-password"
urls=()
for ((i = 1; i <= instances; i++)); do
    dir=$work/dispatchd$i
    mkdir -m 700 "$dir" "$dir/data"
    # In a session of its own: dispatchd handles SIGINT, and Ctrl-C must stop the soak (which
    # then prints its summary), not the servers under it. cleanup() stops them.
    setsid env -u DISPATCHD_ADMIN_PASSWORD "$dispatchd" --listen 127.0.0.1:0 --db "$db_url" \
        --data-dir "$dir/data" --admin-password-file "$work/admin-password" "${server_args[@]}" \
        >"$dir/stdout" 2>"$dir/stderr" &
    pid=$!
    server_pids+=("$pid")
    url=""
    for _ in {1..200}; do
        line=$(head -n 1 "$dir/stdout" 2>/dev/null || true)
        if [[ $line =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then
            url=${BASH_REMATCH[1]}
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n $url ]] || die "dispatchd $i did not start: $(tail -3 "$dir/stderr")"
    urls+=("$url")
    echo "run-soak: dispatchd $i pid $pid on $url ($db_url)" >&2
done

# --- soak ----------------------------------------------------------------------------------------
args=()
for ((i = 0; i < instances; i++)); do
    args+=(--url "${urls[i]}" --pid "${server_pids[i]}")
done
set +e
"$soak" "${args[@]}" --admin-password-file "$work/admin-password" "${forward[@]}"
status=$?
set -e

for ((i = 0; i < instances; i++)); do
    pid=${server_pids[i]}
    log=$work/dispatchd$((i + 1))/stderr
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null && code=0 || code=$?
        echo "run-soak: dispatchd $((i + 1)) (pid $pid) died during the soak (status $code); its last lines:" >&2
        tail -n 20 "$log" >&2 || true
        status=1
    elif [[ -s $log ]]; then
        echo "run-soak: dispatchd $((i + 1)) wrote $(wc -l <"$log") lines to stderr; the last ones:" >&2
        tail -n 5 "$log" >&2
    fi
done
exit "$status"
