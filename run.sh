#!/usr/bin/env bash
# vizdl set-up and entry points. On a fresh Debian machine this installs everything it needs:
#   bash run.sh gallery [vizdl build options]   -> builds the whole gallery into build/site
#   bash run.sh test    [pytest options]        -> runs the test suite
#   bash run.sh setup                           -> only installs
# Environment overrides: VIZDL_VENV (default .venv), VIZDL_TORCH (default torch==2.13.0, the CPU
# build this machine keeps on disk; elsewhere e.g. VIZDL_TORCH="torch --index-url
# https://download.pytorch.org/whl/cpu").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

VENV=${VIZDL_VENV:-.venv}
TORCH_SPEC=${VIZDL_TORCH:-torch==2.13.0}
APT_PACKAGES=(libcairo2-dev libpango1.0-dev pkg-config chromium dataset-fashion-mnist)
# pdflatex with Beamer (and the pgf it needs), for the test that compiles every Beamer snippet;
# installed without their recommends (hundreds of MB of documentation and fonts).
TEX_PACKAGES=(texlive-latex-recommended texlive-pictures)

say() { printf '\033[1m[vizdl setup]\033[0m %s\n' "$*" >&2; }

ensure_apt() {
    if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "no apt/dpkg here: install cairo, pango, pkg-config and chromium yourself (see 'vizdl doctor')"
        return 0
    fi
    local missing=() missing_tex=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    for p in "${TEX_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_tex+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && [ ${#missing_tex[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >&2
    if [ ${#missing[@]} -gt 0 ]; then
        say "apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >&2
    fi
    if [ ${#missing_tex[@]} -gt 0 ]; then
        say "apt-get install --no-install-recommends ${missing_tex[*]}"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
            "${missing_tex[@]}" >&2
    fi
}

ensure_venv() {
    [ -x "$VENV/bin/python" ] || { say "creating $VENV"; python3 -m venv "$VENV"; }
    local stamp="$VENV/.vizdl-setup"
    local want
    want=$(cat pyproject.toml run.sh | sha256sum | cut -c1-16)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    say "installing $TORCH_SPEC (CPU) and vizdl[dev] into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    # The CPU torch first: a bare 'torch' requirement would otherwise pull a multi-GB CUDA build.
    # shellcheck disable=SC2086
    "$VENV/bin/python" -m pip install -q $TORCH_SPEC >&2
    "$VENV/bin/python" -m pip install -q -e ".[dev]" >&2
    echo "$want" > "$stamp"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    setup)
        ensure_apt; ensure_venv ;;
    gallery)
        ensure_apt; ensure_venv
        exec "$VENV/bin/vizdl" build "$@" ;;
    test)
        ensure_apt; ensure_venv
        exec "$VENV/bin/python" -m pytest "$@" ;;
    *)
        echo "usage: bash run.sh gallery|test|setup [options]" >&2
        exit 2 ;;
esac
