#!/usr/bin/env bash
# HTTP benchmark: dispatchd's conditional GET (304), plain GET (200) and conditional PATCH
# against nginx serving a 1 KB static file, same machine, same load tool, same run
# (docs/BENCHMARKS.md: the 304 rate should be at least half of nginx's).
#
# Usage: tests/bench/http_bench.sh
# Environment: DISPATCHD (default build/release/app/dispatchd), DURATION (10s), THREADS (2),
# CONNECTIONS (50), KEEP_WORK=1 keeps the temporary folder (configs, logs, raw wrk output).
# Prints a Markdown table. Figures only, never pass/fail: compare ratios within one run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
dispatchd=${DISPATCHD:-$root/build/release/app/dispatchd}
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-50}

die() {
    echo "http_bench: $*" >&2
    exit 1
}

# nginx-light and wrk come from Debian; install them when missing and we may.
need() {
    local program=$1 package=$2
    if command -v "$program" >/dev/null 2>&1 || [[ -x /usr/sbin/$program ]]; then
        return
    fi
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "http_bench: installing $package" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >&2
    else
        die "$program is missing: apt-get install $package (or packaging/bootstrap-debian.sh --with-bench)"
    fi
}
need nginx nginx-light
need wrk wrk
need curl curl
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $dispatchd ]] || die "no dispatchd at $dispatchd (build it or set DISPATCHD)"

work=$(mktemp -d /tmp/http-bench.XXXXXX)
nginx_pid=""
dispatchd_pid=""
wrk_pid=""

cleanup() {
    local status=$?
    if [[ -n $wrk_pid ]]; then
        kill -TERM "$wrk_pid" 2>/dev/null || true
        wait "$wrk_pid" 2>/dev/null || true
    fi
    if [[ -n $dispatchd_pid ]] && kill -0 "$dispatchd_pid" 2>/dev/null; then
        kill -TERM "$dispatchd_pid" 2>/dev/null || true
        wait "$dispatchd_pid" 2>/dev/null || true
    fi
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    if [[ ${KEEP_WORK:-0} == 1 ]]; then
        echo "http_bench: kept $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- nginx: 1 worker, private config and logs, a 1 KB file, a free loopback port -----------
# The folder must be readable by nginx's worker, which drops to "nobody" when run as root.
chmod 755 "$work"
mkdir -p "$work/www" "$work/nginx"
head -c 1024 /dev/zero | tr '\0' 'x' >"$work/www/1k.json"
chmod 755 "$work/www" && chmod 644 "$work/www/1k.json"

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_nginx() {
    local port=$1
    cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    # wrk keeps its connections; nginx's default would reconnect every 1000 requests.
    keepalive_requests 100000000;
    types { application/json json; }
    default_type application/json;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
    }
}
EOF
    "$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" \
        -g 'daemon off;' 2>>"$work/nginx/stderr.log" &
    nginx_pid=$!
    local i
    for ((i = 0; i < 50; i++)); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/1k.json" 2>/dev/null; then
            return 0
        fi
        kill -0 "$nginx_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
    return 1
}

nginx_port=""
for ((attempt = 0; attempt < 10; attempt++)); do
    candidate=$((20000 + RANDOM % 40000))
    port_is_free "$candidate" || continue
    if start_nginx "$candidate"; then
        nginx_port=$candidate
        break
    fi
done
[[ -n $nginx_port ]] || die "nginx did not start: $(tail -q -n 3 "$work/nginx/error.log" "$work/nginx/stderr.log" 2>/dev/null)"
nginx_url="http://127.0.0.1:$nginx_port/1k.json"

# --- dispatchd: temporary SQLite database, port chosen by the kernel -----------------------
mkdir -m 700 "$work/dispatchd" "$work/dispatchd/data"
admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$admin_password" >"$work/dispatchd/admin-password"
chmod 600 "$work/dispatchd/admin-password"
"$dispatchd" --listen 127.0.0.1:0 --db "sqlite:$work/dispatchd/db.sqlite" \
    --data-dir "$work/dispatchd/data" --admin-password-file "$work/dispatchd/admin-password" \
    >"$work/dispatchd/stdout" 2>"$work/dispatchd/stderr" &
dispatchd_pid=$!
base=""
for ((i = 0; i < 100; i++)); do
    line=$(head -n 1 "$work/dispatchd/stdout" 2>/dev/null || true)
    if [[ $line =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then
        base=${BASH_REMATCH[1]}
        break
    fi
    kill -0 "$dispatchd_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n $base ]] || die "dispatchd did not start: $(tail -3 "$work/dispatchd/stderr")"
api="$base/api/v1"

# api METHOD PATH [BODY [HEADER...]] → prints the status; body in $work/body, headers in
# $work/headers. Uses $token when set.
token=""
api_call() {
    local method=$1 path=$2 body=${3:-}
    shift $(($# < 3 ? $# : 3))
    local args=(-sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$method")
    [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
    [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    local header
    for header in "$@"; do
        args+=(-H "$header")
    done
    curl "${args[@]}" "$api$path"
}
# The first string value of a member in the last body (our bodies are compact JSON).
json_string() {
    grep -o "\"$1\":\"[^\"]*\"" "$work/body" | head -n 1 | cut -d '"' -f 4
}
etag_header() {
    grep -i '^etag:' "$work/headers" | tail -n 1 | cut -d ' ' -f 2- | tr -d '\r'
}
expect() {
    local want=$1 got=$2 what=$3
    [[ $got == "$want" ]] || die "$what: HTTP $got, wanted $want: $(head -c 300 "$work/body")"
}

status=$(api_call POST /auth/login "{\"username\":\"admin\",\"password\":\"$admin_password\"}")
expect 200 "$status" "admin login"
token=$(json_string token)
dispatcher_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
status=$(api_call POST /users "{\"username\":\"bench\",\"password\":\"$dispatcher_password\",\"name\":\"Bench Dispatcher\",\"role\":\"dispatcher\",\"home\":null}")
expect 201 "$status" "create dispatcher"
token=""
status=$(api_call POST /auth/login "{\"username\":\"bench\",\"password\":\"$dispatcher_password\"}")
expect 200 "$status" "dispatcher login"
token=$(json_string token)

job_fields='"title":"Replace kitchen faucet","customer.name":"Ana Ruiz","customer.phone":"+1 312 555 0100","customer.email":"ana@example.com","address":"233 S Wacker Dr, Chicago, IL 60606","geo":{"lat":41.8789,"lng":-87.6359},"countryCode":"US","stateCode":"IL","pricing.kind":"flat","pricing.amountCents":18900'

# The GET target: padded through `details` so its body is about 1 KB, like nginx's file.
status=$(api_call POST /jobs "{\"fields\":{$job_fields}}")
expect 201 "$status" "create job"
job_id=$(json_string id)
etag=$(etag_header)
[[ -n $job_id && -n $etag ]] || die "create job: no id or ETag"
size=$(stat -c %s "$work/body")
pad=$((1024 - size - 2)) # "details":null becomes "details":"…"
if ((pad > 0)); then
    details=$(head -c "$pad" /dev/zero | tr '\0' 'd')
    status=$(api_call PATCH "/jobs/$job_id" "{\"changes\":{\"details\":\"$details\"}}" "If-Match: $etag")
    expect 200 "$status" "pad job"
    etag=$(etag_header)
fi
status=$(api_call GET "/jobs/$job_id")
expect 200 "$status" "read job"
job_bytes=$(stat -c %s "$work/body")
[[ $(etag_header) == "$etag" ]] || die "read job: ETag $(etag_header) is not $etag"
status=$(api_call GET "/jobs/$job_id" "" "If-None-Match: $etag")
expect 304 "$status" "conditional read"

# The PATCH pool: more jobs than connections, so no two connections write one job.
pool=$((connections + 2 * threads))
{
    echo "$token"
    echo "/api/v1/jobs/"
    for ((i = 0; i < pool; i++)); do
        status=$(api_call POST /jobs "{\"fields\":{\"title\":\"Bench PATCH job $i\",\"pricing.kind\":\"flat\",\"pricing.amountCents\":5000}}")
        expect 201 "$status" "create PATCH job $i"
        echo "$(json_string id) $(etag_header)"
    done
} >"$work/patch-jobs.txt"

# --- load ------------------------------------------------------------------------------------
load_before=$(uptime)
# run_wrk NAME WRK_ARGS... → the WRK_RESULT line in $result. wrk runs in the background and
# the shell waits, so a signal reaches the trap at once instead of after the run.
result=""
run_wrk() {
    local name=$1
    shift
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" >"$work/wrk-$name.txt" 2>&1 &
    wrk_pid=$!
    wait "$wrk_pid" || die "wrk $name failed: $(tail -3 "$work/wrk-$name.txt")"
    wrk_pid=""
    result=$(grep '^WRK_RESULT' "$work/wrk-$name.txt") || die "wrk $name: no result line"
}
field() { # field NAME RESULT_LINE
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

auth="Authorization: Bearer $token"
run_wrk nginx -s "$here/wrk_report.lua" "$nginx_url"
r_nginx=$result
run_wrk get304 -s "$here/wrk_report.lua" -H "$auth" -H "If-None-Match: $etag" "$api/jobs/$job_id"
r_304=$result
run_wrk get200 -s "$here/wrk_report.lua" -H "$auth" "$api/jobs/$job_id"
r_200=$result
run_wrk patch -s "$here/wrk_patch_etag.lua" "$base" -- "$work/patch-jobs.txt" "$threads"
r_patch=$result
load_after=$(uptime)

# --- report ----------------------------------------------------------------------------------
row() { # row LABEL RESULT_LINE
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(field rps "$2")" "$(field p50_ms "$2")" \
        "$(field p99_ms "$2")" "$(field bytes_per_response "$2")" "$(field status_errors "$2")"
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}
nginx_rps=$(field rps "$r_nginx")

echo "wrk -t$threads -c$connections -d$duration on loopback; nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') with 1 worker; dispatchd $dispatchd"
echo "cores: $(nproc); load before: ${load_before##*average: }; after: ${load_after##*average: }"
echo
echo "| target | requests/s | p50 ms | p99 ms | bytes/response | non-2xx/3xx |"
echo "|---|---:|---:|---:|---:|---:|"
row "nginx, static file (1024 B)" "$r_nginx"
row "dispatchd GET job, If-None-Match → 304" "$r_304"
row "dispatchd GET job → 200 ($job_bytes B body)" "$r_200"
row "dispatchd PATCH job, If-Match from last response" "$r_patch"
echo
echo "- 304 rate / nginx rate: **$(ratio "$(field rps "$r_304")" "$nginx_rps")**"
echo "- 200 rate / nginx rate: $(ratio "$(field rps "$r_200")" "$nginx_rps")"
echo "- PATCH rate / nginx rate: $(ratio "$(field rps "$r_patch")" "$nginx_rps")"
echo "- PATCH responses: 200: $(field patch_200 "$r_patch"), 412: $(field patch_412 "$r_patch"), other: $(field patch_other "$r_patch") (pool of $pool jobs; requests that found no free job: $(field pool_exhausted "$r_patch"))"
