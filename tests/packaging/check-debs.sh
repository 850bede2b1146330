#!/usr/bin/env bash
# Makes the two Debian packages from a build tree with cpack, in a temporary folder, and checks
#   1. what they hold (dpkg-deb --contents) and their control fields and maintainer scripts;
#   2. lintian: any error or warning fails, but for the few allowed below, each with its reason;
#   3. the desktop entry and the AppStream metainfo as packaged (desktop-file-validate,
#      appstreamcli validate --no-net);
#   4. a real `dpkg -i`, upgrade, remove and purge of both, with the postinst creating the
#      dispatchd user and the admin password, and the unit's own command line starting
#      dispatchd as that user, who signs in as admin with that password: all inside
#      install-in-chroot.sh's throwaway root (private mount, pid and network namespaces, /usr
#      as a copy-on-write overlay, copies of /etc and the dpkg database, all on a tmpfs that
#      vanishes with the namespace). This machine's users, /etc, /lib and dpkg database are
#      fingerprinted before and compared after.
#
# Exit 0: pass. 1: a check failed. 77: a tool is missing, or step 4 cannot run (not root, no
# namespaces), and CI is not set; under CI (CI=true, as .ci/run runs) both fail instead.
#
# Usage: tests/packaging/check-debs.sh CPACK BUILD_DIR APP_ID
set -euo pipefail

usage="usage: check-debs.sh CPACK BUILD_DIR APP_ID"
cpack=${1:?$usage}
build=${2:?$usage}
app_id=${3:?$usage}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# lintian tags that may stay, with the reason. Prefer fixing to adding here.
# Infos are shown but never fail: hardening-no-fortify-functions and hardening-no-bindnow
# (CMake builds without dpkg-buildflags' -D_FORTIFY_SOURCE=2 -Wl,-z,now; a Debug build cannot
# fortify at all), binary-has-unneeded-section (cpack strips without dh_strip's
# --remove-section=.comment), package-supports-alternative-init-but-no-init.d-script (there is
# no sysvinit script: dispatchd is run by systemd).
allowed_lintian_tags=(
    # Debian's archive wants a first upload to close its "intent to package" bug. These
    # packages are not uploaded to Debian, so there is no such bug to close.
    initial-upload-closes-no-bugs
)

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
unavailable() {
    if [[ -n "${CI:-}" ]]; then
        echo "FAIL: $* (CI must run every packaging check: packaging/bootstrap-debian.sh" \
            "installs the tools)"
        exit 1
    fi
    echo "SKIP: $* (Debian: packaging/bootstrap-debian.sh installs the tools)"
    exit 77
}

for tool in "$cpack" dpkg-deb dpkg-shlibdeps file lintian desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null || unavailable "$tool not found"
done
[[ -f "$build/CPackConfig.cmake" ]] || { echo "FAIL: no $build/CPackConfig.cmake"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dispatch-debs.XXXXXX")
cleanup() {
    # The throwaway root's mounts live and die in its own namespace; should one ever show up
    # here, leave the folder alone rather than delete through a mount.
    if findmnt -rn -o TARGET | grep -qF "$work"; then
        echo "WARNING: something is still mounted under $work; not deleting it"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

# --- 1. Make the packages -------------------------------------------------------------------
echo "== cpack -G DEB from $build"
started=$SECONDS
if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    echo "FAIL: cpack"
    exit 1
fi
echo "cpack took $((SECONDS - started)) s"
shopt -s nullglob
console_debs=("$work"/out/dispatch-console_*.deb)
server_debs=("$work"/out/dispatchd_*.deb)
shopt -u nullglob
if [[ ${#console_debs[@]} -ne 1 || ${#server_debs[@]} -ne 1 ]]; then
    ls -l "$work/out"
    echo "FAIL: expected one dispatch-console and one dispatchd package"
    exit 1
fi
console_deb=${console_debs[0]}
server_deb=${server_debs[0]}
ls -l "$console_deb" "$server_deb"

# --- 2. Contents and control fields ---------------------------------------------------------
# Each package's files (regular files and links), as dpkg-deb lists them: ./usr/bin/…
files_of() { dpkg-deb --contents "$1" | awk '$1 !~ /^d/ { print $6 }'; }

check_contents() {
    local deb=$1 allowed_prefix=$2
    shift 2
    local listing
    listing=$(files_of "$deb")
    echo "-- $(basename "$deb"):"
    dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { print "   " $1, $3, $6 }'
    for path in "$@"; do
        grep -qxF ".$path" <<<"$listing" || fail "$(basename "$deb") lacks $path"
    done
    # Nothing outside the folders a Debian package of ours may use (no /usr/local, no headers).
    local stray
    stray=$(grep -vE "^\./($allowed_prefix)" <<<"$listing" || true)
    [[ -z "$stray" ]] || fail "$(basename "$deb") holds unexpected files: $stray"
}

check_contents "$console_deb" "usr/bin/|usr/share/(applications|metainfo|icons|man|doc)/" \
    /usr/bin/dispatch-console \
    "/usr/share/applications/$app_id.desktop" \
    "/usr/share/metainfo/$app_id.metainfo.xml" \
    /usr/share/icons/hicolor/scalable/apps/dispatch-console.svg \
    /usr/share/man/man1/dispatch-console.1.gz \
    /usr/share/doc/dispatch-console/copyright \
    /usr/share/doc/dispatch-console/changelog.Debian.gz
check_contents "$server_deb" "usr/bin/|lib/systemd/system/|usr/share/(man|doc)/" \
    /usr/bin/dispatchd \
    /lib/systemd/system/dispatchd.service \
    /usr/share/doc/dispatchd/examples/nginx-dispatchd.conf \
    /usr/share/man/man8/dispatchd.8.gz \
    /usr/share/doc/dispatchd/copyright \
    /usr/share/doc/dispatchd/changelog.Debian.gz

field() { dpkg-deb --field "$1" "$2"; }
for deb in "$console_deb" "$server_deb"; do
    echo "-- control of $(basename "$deb"):"
    dpkg-deb --field "$deb" | sed 's/^/   /'
done
[[ "$(field "$console_deb" Package)" == dispatch-console ]] || fail "console package name"
[[ "$(field "$server_deb" Package)" == dispatchd ]] || fail "server package name"
# dpkg-shlibdeps found the Qt libraries; the plugins Qt loads at run time are declared.
for dep in libqt6widgets6 libqt6svg6 libqt6sql6-sqlite; do
    grep -qw "$dep" <<<"$(field "$console_deb" Depends)" || fail "dispatch-console: no $dep"
done
for dep in libqt6core6 libqt6network6 libsodium23 adduser libqt6sql6-sqlite \
    qt6-image-formats-plugins; do
    grep -qw "$dep" <<<"$(field "$server_deb" Depends)" || fail "dispatchd: no $dep"
done
grep -qw libqt6widgets6 <<<"$(field "$server_deb" Depends)" &&
    fail "dispatchd depends on Qt Widgets: the server must not need a desktop"
scripts=$(dpkg-deb --ctrl-tarfile "$server_deb" | tar -t)
for script in postinst prerm postrm; do
    grep -qxF "./$script" <<<"$scripts" || fail "dispatchd has no $script"
done

# --- 3. lintian ------------------------------------------------------------------------------
echo "== lintian (allowed: ${allowed_lintian_tags[*]:-none})"
started=$SECONDS
lintian_options=(--fail-on "error,warning" --display-info)
if [[ ${#allowed_lintian_tags[@]} -gt 0 ]]; then
    lintian_options+=(--suppress-tags "$(
        IFS=,
        echo "${allowed_lintian_tags[*]}"
    )")
fi
lintian_status=0
lintian "${lintian_options[@]}" "$console_deb" "$server_deb" >"$work/lintian.log" 2>&1 ||
    lintian_status=$?
# Running as root is the CI's normal, not a finding.
grep -v "running with root privileges is not recommended" "$work/lintian.log" || true
echo "lintian took $((SECONDS - started)) s, exit $lintian_status"
[[ $lintian_status -eq 0 ]] || fail "lintian reports errors or warnings (above)"

# --- 4. The desktop entry and metainfo as packaged ------------------------------------------
echo "== desktop-file-validate, appstreamcli validate"
mkdir -p "$work/console"
dpkg-deb -x "$console_deb" "$work/console"
if desktop-file-validate "$work/console/usr/share/applications/$app_id.desktop"; then
    echo "ok: desktop-file-validate $app_id.desktop"
else
    fail "desktop-file-validate"
fi
appstreamcli validate --no-net --explain "$work/console/usr/share/metainfo/$app_id.metainfo.xml" ||
    fail "appstreamcli validate"

# --- 5. Install, upgrade, remove, purge in a throwaway root ---------------------------------
echo "== dpkg in a throwaway root"
if [[ $(id -u) -ne 0 ]]; then
    install_unavailable="installing needs root (for the namespaces; nothing is installed here)"
elif ! command -v unshare >/dev/null || ! command -v chroot >/dev/null; then
    install_unavailable="unshare or chroot not found"
elif ! unshare --mount --pid --net --fork true 2>/dev/null; then
    install_unavailable="cannot create mount, pid and network namespaces here"
fi
if [[ -n "${install_unavailable:-}" ]]; then
    ((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
    unavailable "$install_unavailable"
fi

# What installing on this machine would change; it must not.
fingerprint() {
    sha256sum /etc/passwd /etc/group /etc/shadow /var/lib/dpkg/status 2>&1
    ls -ld /etc/dispatchd /var/lib/dispatchd /lib/systemd/system/dispatchd.service \
        /usr/bin/dispatchd /usr/bin/dispatch-console 2>&1 || true # absent, as a rule
}
before=$(fingerprint)
install_status=0
unshare --mount --pid --net --fork --propagation private -- \
    "$here/install-in-chroot.sh" "$work/ns" "$console_deb" "$server_deb" \
    "$(readlink /proc/self/ns/mnt)" || install_status=$?
[[ $install_status -eq 0 ]] || fail "installing in the throwaway root (above)"
after=$(fingerprint)
if [[ "$before" != "$after" ]]; then
    diff <(echo "$before") <(echo "$after") || true
    fail "THIS MACHINE CHANGED while installing in the throwaway root"
fi

if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "PASS: both packages built, hold what they should, are lintian-clean, validate, and" \
    "install, upgrade, remove and purge cleanly"
