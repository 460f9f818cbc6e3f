#!/usr/bin/env bash
# Builds the secotel OpenTelemetry Collector distribution described by
# collector/builder-config.yaml with the OpenTelemetry Collector Builder (ocb).
#
#   scripts/build-collector.sh            # prints the binary path on the last line
#
# Needs only Go (>= 1.26) and the Go module proxy. The builder and the binary
# live in a cache directory outside the repository, keyed by a hash of the
# manifest, so a second run (or a CI re-run on the same machine) is instant:
#
#   ${SECOTEL_COLLECTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secotel}/
#     ocb-<version>/builder                     the builder itself
#     otelcol-<hash>/secotel-otelcol            the collector binary
#     otelcol-<hash>/src/                        generated Go sources
#     otelcol-<hash>/build.log                   the builder's full output
#
# A cold build (empty Go module and build caches) takes several minutes on
# two cores; the builder's output goes to stderr and to build.log.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="${repo_root}/collector/builder-config.yaml"
binary_name="secotel-otelcol"

script_name=build-collector
# shellcheck source=lib/cache.sh
source "${repo_root}/scripts/lib/cache.sh"

[[ -f "${manifest}" ]] || fail "manifest not found at ${manifest}"
command -v go >/dev/null 2>&1 \
  || fail "the 'go' command is not on PATH; install Go 1.26 or newer (https://go.dev/doc/install) and re-run"

# The builder is released together with the core collector modules: take its
# version from the otlp receiver line so the manifest stays the one place
# that names the release.
builder_version="$(sed -n 's#^[[:space:]]*-[[:space:]]*gomod:[[:space:]]*go\.opentelemetry\.io/collector/receiver/otlpreceiver[[:space:]]\{1,\}\(v[0-9][0-9.]*\).*#\1#p' "${manifest}" | head -n 1)"
[[ -n "${builder_version}" ]] \
  || fail "cannot find the go.opentelemetry.io/collector/receiver/otlpreceiver version in ${manifest}"

manifest_hash="$(file_hash "${manifest}")"
dist_dir="${cache_root}/otelcol-${manifest_hash}"
binary="${dist_dir}/${binary_name}"
builder_dir="${cache_root}/ocb-${builder_version}"
builder="${builder_dir}/builder"

lock_cache build.lock

if [[ -x "${binary}" ]]; then
  printf '%s\n' "${binary}"
  exit 0
fi

if [[ ! -x "${builder}" ]]; then
  info "installing the collector builder ${builder_version} into ${builder_dir}"
  mkdir -p "${builder_dir}"
  GOBIN="${builder_dir}" go install "go.opentelemetry.io/collector/cmd/builder@${builder_version}" >&2 \
    || fail "go install go.opentelemetry.io/collector/cmd/builder@${builder_version} failed; check that the Go module proxy is reachable (go env GOPROXY: $(go env GOPROXY))"
fi

# Build in a scratch directory and move the binary into place only when the
# build succeeded, so an interrupted build never looks finished.
work_dir="${dist_dir}.tmp.$$"
rm -rf "${work_dir}"
mkdir -p "${work_dir}"
trap 'rm -rf "${work_dir}"' EXIT

# The manifest's output_path is a placeholder; point it into the scratch dir.
sed "s#^\([[:space:]]*output_path:\).*#\1 ${work_dir}/src#" "${manifest}" > "${work_dir}/builder-config.yaml"
grep -q "output_path: ${work_dir}/src" "${work_dir}/builder-config.yaml" \
  || fail "could not set dist.output_path in a copy of ${manifest}; keep an 'output_path:' line under 'dist:'"

info "building ${binary_name} from ${manifest} (builder ${builder_version}); a cold build takes several minutes"
started=${SECONDS}
if ! "${builder}" --config "${work_dir}/builder-config.yaml" 2>&1 | tee "${work_dir}/build.log" >&2; then
  cp "${work_dir}/build.log" "${cache_root}/last-failed-build.log" 2>/dev/null || true
  fail "the collector build failed (full log: ${cache_root}/last-failed-build.log). Common causes: the Go module proxy is unreachable (go env GOPROXY: $(go env GOPROXY)), or the modules in ${manifest} name different collector releases"
fi
[[ -x "${work_dir}/src/${binary_name}" ]] \
  || fail "the builder finished but ${work_dir}/src/${binary_name} was not produced (see ${work_dir}/build.log)"

"${work_dir}/src/${binary_name}" --version >&2 \
  || fail "the built collector does not run: ${work_dir}/src/${binary_name} --version failed"

rm -rf "${dist_dir}"
mkdir -p "${dist_dir}"
mv "${work_dir}/src" "${dist_dir}/src"
mv "${work_dir}/build.log" "${dist_dir}/build.log"
cp "${manifest}" "${dist_dir}/builder-config.yaml"
mv "${dist_dir}/src/${binary_name}" "${binary}.tmp"
mv "${binary}.tmp" "${binary}"
info "built in $((SECONDS - started)) s"

printf '%s\n' "${binary}"
