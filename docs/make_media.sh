#!/usr/bin/env bash
# Regenerate README's screenshot and walkthrough GIF with `guiad render` (no screen needed).
#
#   docs/make_media.sh                  # uses `guiad` from PATH, else `python -m guiad`
#   GUIAD="/path/to/venv/bin/guiad" docs/make_media.sh
#   EXPR="x*sin(x)" X0=1.5 docs/make_media.sh
#   STEP=1 docs/make_media.sh           # the window at the walkthrough's first step (default: end)
#
# Writes docs/media/window.png, docs/media/walkthrough.gif, docs/media/surface.png (a
# function of two inputs: SURFACE_EXPR at SURFACE_AT) and docs/media/build.png (BUILD_EXPR on
# the canvas in build mode), then checks that each file is what it claims to be. Run from anywhere; paths are relative to the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
media="$root/docs/media"

expr="${EXPR:-exp(sin(sin(x)))}"  # the seed post's example
x0="${X0:-2}"
size="${SIZE:-1280x800}"
step="${STEP:-end}"  # the window shows the walkthrough at Done: both passes' numbers on screen
surface_expr="${SURFACE_EXPR:-x^2 - y^2}"  # a saddle
surface_at="${SURFACE_AT:-x=1,y=-0.5}"
build_expr="${BUILD_EXPR:-log(x1) + x1*x2 - sin(x2)}"  # Baydin et al.'s example
build_at="${BUILD_AT:-x1=2,x2=1}"

if [[ -n "${GUIAD:-}" ]]; then
    read -r -a guiad <<<"$GUIAD"
elif command -v guiad >/dev/null 2>&1; then
    guiad=(guiad)
else
    python="${PYTHON:-python3}"
    [[ -x "$root/.venv/bin/python" ]] && python="$root/.venv/bin/python"
    guiad=("$python" -m guiad)
    export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
fi

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
mkdir -p "$media"
cd "$root"

check_magic() {  # file, expected leading bytes (hex), description
    local got
    got="$(head -c "$(( ${#2} / 2 ))" "$1" | od -An -tx1 | tr -d ' \n')"
    if [[ "$got" != "$2" ]]; then
        echo "make_media: $1 is not a $3 (starts with $got)" >&2
        exit 1
    fi
}

echo "make_media: ${guiad[*]} render \"$expr\" --x0 $x0 --size $size --step $step --out docs/media/window.png"
"${guiad[@]}" render "$expr" --x0 "$x0" --size "$size" --step "$step" --out "$media/window.png"
check_magic "$media/window.png" 89504e470d0a1a0a "PNG"

echo "make_media: ${guiad[*]} render \"$expr\" --x0 $x0 --walkthrough docs/media/walkthrough.gif"
"${guiad[@]}" render "$expr" --x0 "$x0" --walkthrough "$media/walkthrough.gif"
check_magic "$media/walkthrough.gif" 474946383961 "GIF89a"

echo "make_media: ${guiad[*]} render \"$surface_expr\" --at $surface_at --size $size --step $step --out docs/media/surface.png"
"${guiad[@]}" render "$surface_expr" --at "$surface_at" --size "$size" --step "$step" --out "$media/surface.png"
check_magic "$media/surface.png" 89504e470d0a1a0a "PNG"

echo "make_media: ${guiad[*]} render \"$build_expr\" --at $build_at --size $size --build --out docs/media/build.png"
"${guiad[@]}" render "$build_expr" --at "$build_at" --size "$size" --build --out "$media/build.png"
check_magic "$media/build.png" 89504e470d0a1a0a "PNG"

ls -l "$media/window.png" "$media/walkthrough.gif" "$media/surface.png" "$media/build.png"
echo "make_media: done. Look at the files before committing them."
