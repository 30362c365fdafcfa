# shellcheck shell=bash
# Sourced by tests/run.sh and examples/demo.sh: the Debian packages slakit needs
# to build, test, benchmark and run its examples, and a function that installs
# only the missing ones (so a prepared machine never touches the network).

SLAKIT_DEB_PACKAGES=(
    cmake
    ninja-build
    pkg-config
    g++
    clang-14
    clang-format-14
    libclang-rt-14-dev
    libhowardhinnant-date-dev
    tzdata
    python3
    libfmt-dev
    doctest-dev
    libbenchmark-dev
    libcli11-dev
    libtomlplusplus-dev
    libfccp-dev
    nlohmann-json3-dev
    libical-dev
    libboost-dev
    # sla_monitor --listen serves /metrics through cpp-httplib.
    libcpp-httplib-dev
    # sla_openslo reads and writes OpenSLO YAML through yaml-cpp.
    libyaml-cpp-dev
    # promtool (check metrics) for the exposition tests, and the Prometheus server.
    prometheus
)

# The Python bindings, their tests and the Dask example (examples/python/):
# installed by tests/run.sh, not by the demo, which does not need them.
SLAKIT_DEB_PYTHON_PACKAGES=(
    pybind11-dev
    python3-dev
    python3-numpy
    python3-pandas
    python3-dask
    python3-distributed
    python3-pytest
)

# The browser that checks sla_report's HTML report (tests/examples/html_report_check.py):
# installed by tests/run.sh, not by the demo. A font, as a desktop would have one.
SLAKIT_DEB_BROWSER_PACKAGES=(
    chromium
    fonts-dejavu-core
)

# slakit_install_deps [package...]: the given packages (default: SLAKIT_DEB_PACKAGES).
slakit_install_deps() {
    local wanted=("$@") missing=() package
    if ((${#wanted[@]} == 0)); then
        wanted=("${SLAKIT_DEB_PACKAGES[@]}")
    fi
    for package in "${wanted[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        echo "All ${#wanted[@]} required Debian packages are installed."
        return 0
    fi

    echo "Installing missing Debian packages: ${missing[*]}"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "error: not root and sudo is unavailable; install these first: ${missing[*]}" >&2
            return 1
        fi
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}
