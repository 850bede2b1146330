#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing Dispatch Console need.
# Skips what is already installed, never prompts. Usage: packaging/bootstrap-debian.sh [--with-bench]
set -euo pipefail

packages=(
    # toolchain
    g++ cmake ninja-build pkg-config ccache
    # Qt 6 (Debian bookworm ships 6.4.2)
    qt6-base-dev qt6-websockets-dev qt6-tools-dev
    libqt6sql6-sqlite libqt6sql6-psql
    libqt6svg6 # the SVG icon engine: the console's icons (resources/)
    qt6-image-formats-plugins # WebP photos (dispatchd's checks and thumbnails; JPEG and PNG are in Qt Gui)
    qt6-l10n-tools # lupdate and lrelease: the console's translations (resources/translations/)
    qtkeychain-qt6-dev # the console's "Remember me" (optional at build time: QtKeychain)
    # password hashing in dispatchd
    libsodium-dev
    # time zones for schedules; PostgreSQL for the postgres test suites; nginx for the test
    # of the shipped nginx front (tests/integration/tst_nginx_postgres.cpp) and the benchmarks
    tzdata postgresql nginx fonts-dejavu-core
    # the style check that CTest runs
    clang-format
    clang libclang-rt-14-dev # libFuzzer and sanitizer runtimes for tests/fuzz (skipped without)
    # the Debian packages (cpack -G DEB) and their test (tests/packaging): shlibdeps, man
    # pages, lintian, the desktop entry and metainfo validators; iproute2 for the test's
    # loopback in its own network namespace
    dpkg-dev file help2man lintian desktop-file-utils appstream iproute2
)
if [[ "${1:-}" == "--with-bench" ]]; then
    # wrk for the HTTP benchmarks, Xvfb and ImageMagick for screenshots
    packages+=(wrk xvfb xauth imagemagick)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "bootstrap: all ${#packages[@]} required Debian packages are installed"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi

echo "bootstrap: installing ${#missing[@]} Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "bootstrap: done"
