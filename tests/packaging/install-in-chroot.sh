#!/usr/bin/env bash
# Installs, upgrades, removes and purges the two packages with the real dpkg in a throwaway
# root, and checks what the dispatchd package sets up. check-debs.sh runs it inside new mount,
# pid and network namespaces (unshare); it refuses to run in this machine's mount namespace.
#
# Nothing of this machine is writable from the root: NS gets a tmpfs (gone with the namespace),
# /usr is an overlay whose writes land on that tmpfs, /etc and the dpkg database are copies
# there, /dev is bound read-only. The network namespace has only its own loopback, so the
# dispatchd started here cannot meet any other server, nor they it.
#
# Usage: install-in-chroot.sh NS CONSOLE_DEB SERVER_DEB HOST_MOUNT_NAMESPACE
set -euo pipefail

usage="usage: install-in-chroot.sh NS CONSOLE_DEB SERVER_DEB HOST_MOUNT_NAMESPACE"
ns=${1:?$usage}
console_deb=${2:?$usage}
server_deb=${3:?$usage}
host_mnt=${4:?$usage}

if [[ "$(readlink /proc/self/ns/mnt)" == "$host_mnt" || $$ -ne 1 ]]; then
    echo "FAIL: install-in-chroot.sh must run in its own mount and pid namespace (unshare)"
    exit 1
fi
# Usr-merged Debian only: the root's /bin, /lib… are links into its overlaid /usr.
for dir in bin sbin lib; do
    [[ -L /$dir ]] || {
        echo "FAIL: /$dir is not a link into /usr (a usr-merged Debian is needed)"
        exit 1
    }
done

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

mkdir -p "$ns"
mount -t tmpfs -o mode=0755 dispatch-throwaway "$ns"
root=$ns/root
mkdir -p "$root" "$ns/upper" "$ns/work"
mkdir -p "$root"/{usr,etc,dev,proc,run/lock,tmp,var/lib,var/cache,var/log,var/tmp,root}
mount -t overlay dispatch-usr -o "lowerdir=/usr,upperdir=$ns/upper,workdir=$ns/work" "$root/usr"
for dir in bin sbin lib lib32 lib64 libx32; do
    if [[ -L /$dir ]]; then
        ln -s "$(readlink "/$dir")" "$root/$dir"
    fi
done
cp -a /etc/. "$root/etc/"
cp -a /var/lib/dpkg "$root/var/lib/"
ln -s /run "$root/var/run"
ln -s /run/lock "$root/var/lock"
chmod 1777 "$root/tmp" "$root/var/tmp"
mount --bind /dev "$root/dev"
mount -o remount,bind,ro "$root/dev"
mount -t proc proc "$root/proc"
ip link set lo up 2>/dev/null || echo "note: no 'ip' to bring up loopback; the start check is skipped"
cp "$console_deb" "$root/tmp/dispatch-console.deb"
cp "$server_deb" "$root/tmp/dispatchd.deb"

# A clean environment: what dpkg would get from a root shell.
in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
stat_of() { in_root stat -c '%a %U %G' "$1" 2>&1; }
# shellcheck disable=SC2016 # ${Status} is dpkg-query's field, not the shell's
status_of() { in_root dpkg-query -W -f='${Status}' "$1" 2>/dev/null; }
expect() { # expect WHAT ACTUAL EXPECTED
    if [[ "$2" == "$3" ]]; then
        echo "ok: $1: $2"
    else
        fail "$1: '$2', expected '$3'"
    fi
}

echo "-- dpkg -i (first install)"
in_root dpkg -i /tmp/dispatch-console.deb /tmp/dispatchd.deb 2>&1 | tee "$ns/install.log" ||
    true
expect "dispatch-console installed" "$(status_of dispatch-console)" "install ok installed"
expect "dispatchd installed" "$(status_of dispatchd)" "install ok installed"
grep -q "password is in /etc/dispatchd/admin-password\|password in /etc/dispatchd/admin-password" \
    "$ns/install.log" || fail "the postinst did not say where the admin password is"

passwd_entry=$(in_root getent passwd dispatchd || true)
echo "user: $passwd_entry"
IFS=: read -r _ _ uid gid _ home shell <<<"$passwd_entry"
[[ -n "$passwd_entry" && ${uid:-1000} -lt 1000 ]] || fail "no system user dispatchd"
expect "dispatchd's home" "$home" /var/lib/dispatchd
expect "dispatchd's shell" "$shell" /usr/sbin/nologin
expect "dispatchd's group" "$(in_root getent group dispatchd | cut -d: -f3)" "$gid"
expect "/etc/dispatchd" "$(stat_of /etc/dispatchd)" "750 root dispatchd"
expect "/etc/dispatchd/admin-password" "$(stat_of /etc/dispatchd/admin-password)" \
    "600 dispatchd dispatchd"
expect "/var/lib/dispatchd owner" "$(stat_of /var/lib/dispatchd | cut -d' ' -f2-)" \
    "dispatchd dispatchd"
password=$(cat "$root/etc/dispatchd/admin-password")
[[ "$password" =~ ^[A-Za-z0-9_-]{24}$ ]] || fail "the admin password is not 24 base64url characters"
[[ -L "$root/etc/systemd/system/multi-user.target.wants/dispatchd.service" ]] ||
    fail "dispatchd.service is not enabled"
expect "dispatchd --version" "$(in_root dispatchd --version 2>&1)" \
    "dispatchd $(dpkg-deb --field "$server_deb" Version | cut -d- -f1)"
expect "dispatch-console --version" \
    "$(in_root env QT_QPA_PLATFORM=offscreen dispatch-console --version 2>/dev/null)" \
    "dispatch-console $(dpkg-deb --field "$console_deb" Version | cut -d- -f1)"
if command -v systemd-analyze >/dev/null; then
    # The unit as systemd reads it (user, paths, directives), offline.
    if in_root systemd-analyze verify /lib/systemd/system/dispatchd.service; then
        echo "ok: systemd-analyze verify dispatchd.service"
    else
        fail "systemd-analyze verify dispatchd.service"
    fi
fi

# The unit's own command line, as its user: dispatchd reads the generated password, makes
# its database in /var/lib/dispatchd and lets admin sign in with that password.
http() { # http METHOD PATH [JSON]: prints the status line and the body
    local body=${3:-}
    exec 3<>/dev/tcp/127.0.0.1/8080 || return 1
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s' \
        "$1" "$2" application/json "${#body}" "$body" >&3
    cat <&3
    exec 3<&-
}
if ip -o link show lo 2>/dev/null | grep -q '[<,]UP[,>]'; then
    exec_start=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$root/lib/systemd/system/dispatchd.service" |
        sed -n 's/^ExecStart=//p')
    echo "-- starting: $exec_start (as dispatchd)"
    read -r -a command <<<"$exec_start"
    in_root env HOME=/var/lib/dispatchd \
        setpriv --reuid=dispatchd --regid=dispatchd --init-groups "${command[@]}" \
        >"$ns/dispatchd.log" 2>&1 &
    server=$!
    healthy=
    for _ in $(seq 100); do
        if http GET /healthz 2>/dev/null | head -1 | grep -q " 200 "; then
            healthy=yes
            break
        fi
        sleep 0.1
    done
    if [[ -n "$healthy" ]]; then
        login=$(http POST /api/v1/auth/login \
            "{\"username\":\"admin\",\"password\":\"$password\"}" 2>&1 || true)
        head -1 <<<"$login" | grep -q " 200 " ||
            fail "admin cannot sign in with the generated password: $(head -1 <<<"$login")"
        grep -q '"token"' <<<"$login" && echo "ok: admin signed in with the generated password"
    else
        fail "dispatchd did not answer /healthz on 127.0.0.1:8080 within 10 s"
    fi
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" || true
    [[ -s "$root/var/lib/dispatchd/db.sqlite" ]] || fail "no database in /var/lib/dispatchd"
    if ((failures > 0)); then
        echo "-- dispatchd's log:"
        cat "$ns/dispatchd.log"
    fi
fi

echo "-- dpkg -i again (an upgrade to the same version)"
in_root dpkg -i /tmp/dispatch-console.deb /tmp/dispatchd.deb >"$ns/upgrade.log" 2>&1 ||
    { cat "$ns/upgrade.log"; fail "dpkg -i again"; }
if [[ "$(cat "$root/etc/dispatchd/admin-password")" == "$password" ]]; then
    echo "ok: the upgrade kept the admin password"
else
    fail "the upgrade changed the admin password"
fi

echo "-- dpkg -r dispatchd"
in_root dpkg -r dispatchd || fail "dpkg -r dispatchd"
[[ ! -e "$root/usr/bin/dispatchd" ]] || fail "/usr/bin/dispatchd left after removal"
[[ -e "$root/etc/dispatchd/admin-password" ]] || fail "removal deleted the admin password"
[[ -d "$root/var/lib/dispatchd" ]] || fail "removal deleted /var/lib/dispatchd"

echo "-- dpkg --purge dispatchd dispatch-console"
in_root dpkg --purge dispatchd dispatch-console 2>&1 | tee "$ns/purge.log" ||
    fail "dpkg --purge"
[[ ! -e "$root/etc/dispatchd" ]] || fail "purge left /etc/dispatchd"
[[ -d "$root/var/lib/dispatchd" ]] || fail "purge deleted /var/lib/dispatchd (the data)"
in_root getent passwd dispatchd >/dev/null || fail "purge deleted the dispatchd user"
desktop_entry=$(dpkg-deb --contents "$console_deb" | awk '/\/applications\/.*\.desktop$/ { print $6 }')
[[ -n "$desktop_entry" && ! -e "$root/${desktop_entry#./}" ]] || fail "purge left the desktop entry"
for package in dispatchd dispatch-console; do
    status=$(status_of "$package" || true)
    [[ -z "$status" || "$status" == "unknown ok not-installed" ]] ||
        fail "$package still known to dpkg after purge: $status"
done

((failures == 0)) || exit 1
echo "ok: the throwaway root goes with its namespace"
