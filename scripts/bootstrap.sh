# Sourced by ./run and ./test: makes .venv with Python 3.12+, installs the locked dependencies and the
# npm packages, and does nothing when the lock files have not changed since the last time.
# Usage: source scripts/bootstrap.sh base|dev

bootstrap() {
  local profile=$1 root
  root=$(pwd)
  local python
  python=$(command -v python3.12 || true)
  if [ -z "$python" ] && command -v pyenv >/dev/null 2>&1; then
    python=$(pyenv which python3.12 2>/dev/null || true)
  fi
  if [ -z "$python" ]; then
    python=$(command -v python3)
  fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    echo "Leerritme needs Python 3.12 or newer; found $("$python" --version 2>&1)." >&2
    return 1
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "· Creating .venv with $("$python" --version)"
    "$python" -m venv .venv
  fi
  local lock="requirements/$profile.txt" stamp=".venv/.installed-$profile"
  local want
  want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "· Installing the locked Python dependencies ($lock)"
    [ -x .venv/bin/uv ] || .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
    .venv/bin/uv pip install --quiet --python .venv/bin/python --require-hashes -r "$lock"
    .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
    echo "$want" > "$stamp"
  fi
  local npmstamp="node_modules/.installed" npmwant
  npmwant=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$npmstamp" ] || [ "$(cat "$npmstamp")" != "$npmwant" ]; then
    echo "· Installing the front-end packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$npmwant" > "$npmstamp"
  fi
  export PATH="$root/.venv/bin:$PATH"
}
