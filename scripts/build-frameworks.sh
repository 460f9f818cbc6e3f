#!/usr/bin/env bash
# Installs the web frameworks test/frameworks/ runs real apps of (Express 4 and 5, Fastify, Koa,
# Hapi, NestJS, Next.js, the OpenTelemetry auto-instrumentations), pinned in
# test/frameworks/package.json, with the ordinary npm client (`npm ci` of the lockfile beside it:
# after changing the manifest, run `npm install --package-lock-only` in test/frameworks).
#
#   scripts/build-frameworks.sh       # prints the install directory on the last line
#
# Like scripts/build-collector.sh, the install lives in a cache directory outside the repository,
# keyed by a hash of that manifest and its lockfile, so a second run is instant:
#
#   ${SECOTEL_COLLECTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secotel}/
#     frameworks-<hash>/node_modules/    the frameworks
#     frameworks-<hash>/install.log      npm's output
#
# The tests make each scratch project a subdirectory of it: the apps find the frameworks in the
# parent's node_modules and the freshly packed @secotel tarballs in their own, installed each run.
#
# Measured cold (empty npm cache, 2 shared cores): 28 s, 490 MB; the matrix then takes about
# 50 s (Next.js's next build about 15 s of it).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="${repo_root}/test/frameworks/package.json"
lockfile="${repo_root}/test/frameworks/package-lock.json"

script_name=build-frameworks
# shellcheck source=lib/cache.sh
source "${repo_root}/scripts/lib/cache.sh"

[[ -f "${manifest}" && -f "${lockfile}" ]] || fail "${manifest} or ${lockfile} not found"
command -v npm >/dev/null 2>&1 || fail "the 'npm' command is not on PATH"

install_dir="${cache_root}/frameworks-$(file_hash "${manifest}" | cut -c1-8)$(file_hash "${lockfile}" | cut -c1-8)"

lock_cache frameworks-build.lock

# Scratch projects of test runs that were killed before they could remove theirs.
if [[ -d "${install_dir}" ]]; then
  find "${install_dir}" -mindepth 1 -maxdepth 1 -name 'run-*' -type d -mmin +120 -exec rm -rf {} + 2>/dev/null || true
fi

# The marker is written last, so an interrupted install never looks finished.
if [[ -f "${install_dir}/.complete" ]]; then
  printf '%s\n' "${install_dir}"
  exit 0
fi

info "installing the frameworks of ${manifest} into ${install_dir} (about 30 s cold, empty npm cache)"
started=${SECONDS}
rm -rf "${install_dir}"
mkdir -p "${install_dir}"
cp "${manifest}" "${install_dir}/package.json"
cp "${lockfile}" "${install_dir}/package-lock.json"
if ! (cd "${install_dir}" && npm ci --no-audit --no-fund --loglevel=error) >"${install_dir}/install.log" 2>&1; then
  cp "${install_dir}/install.log" "${cache_root}/last-failed-frameworks-install.log" 2>/dev/null || true
  rm -rf "${install_dir}"
  fail "npm ci of ${lockfile} failed (log: ${cache_root}/last-failed-frameworks-install.log); check that the npm registry is reachable"
fi
touch "${install_dir}/.complete"
info "installed in $((SECONDS - started)) s"

printf '%s\n' "${install_dir}"
