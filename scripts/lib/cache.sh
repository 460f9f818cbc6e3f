# Shared by the build scripts (collector, backends, Sigma venv): messages, the cache directory and
# its lock, and the content hash that keys a cached build. Source it after setting `script_name`.

fail() {
  printf '%s: error: %s\n' "${script_name}" "$*" >&2
  exit 1
}
info() {
  printf '%s: %s\n' "${script_name}" "$*" >&2
}

# The first 16 hex digits of a file's SHA-256.
file_hash() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -c1-16
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -c1-16
  else
    fail "neither sha256sum nor shasum is available to hash $1"
  fi
}

cache_root="${SECOTEL_COLLECTOR_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/secotel}"

# Creates the cache directory and takes the lock LOCK_NAME in it on descriptor 9: concurrent
# builds (parallel test files, two terminals) wait for each other and then find the result.
lock_cache() {
  mkdir -p "${cache_root}" || fail "cannot create the cache directory ${cache_root} (set SECOTEL_COLLECTOR_CACHE to a writable directory)"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${cache_root}/$1"
    flock 9
  fi
}
