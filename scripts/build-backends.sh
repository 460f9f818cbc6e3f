#!/usr/bin/env bash
# Builds the backends the end-to-end tests run against: VictoriaLogs (the log
# store, native OTLP ingest, LogsQL), vmalert (its rule engine, for the
# fleet-wide rules in deploy/rules/) and Jaeger v2 (traces). All are Apache-2.0
# Go programs built from the Go module proxy: the first two with `go install`,
# Jaeger in a small wrapper module (see build_jaeger below).
#
#   scripts/build-backends.sh     # prints `victoria-logs=<path>`, `vmalert=<path>`, `jaeger=<path>`
#
# Like scripts/build-collector.sh, the binaries live in a cache directory
# outside the repository, keyed by version, so a second run is instant:
#
#   ${SECOTEL_COLLECTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secotel}/
#     victoria-logs-<version>/victoria-logs
#     vmalert-<version>/vmalert
#     jaeger-<module version>/jaeger             beside the wrapper go.mod/go.sum it was built from
#     <name>-<version>/build.log                 the go command's full output
#
# Measured cold (empty Go module and build caches) on two cores: see the
# "Backends" section of the README.
set -euo pipefail

VICTORIALOGS_VERSION="v1.52.2"
VMALERT_VERSION="v1.151.0"
# Jaeger tags every release twice on one commit, v1.x for the old binaries and
# v2.x for the v2 `jaeger` binary; its module path has no /v2, so the Go module
# proxy serves only the v1.x tag. v1.76.0 is the same source as Jaeger v2.13.0.
JAEGER_MODULE_VERSION="v1.76.0"
JAEGER_VERSION="v2.13.0"

script_name=build-backends
# shellcheck source=lib/cache.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cache.sh"

command -v go >/dev/null 2>&1 \
  || fail "the 'go' command is not on PATH; install Go 1.26 or newer (https://go.dev/doc/install) and re-run"

lock_cache build-backends.lock

# build NAME MODULE_PATH VERSION: installs MODULE_PATH@VERSION into
# <cache>/NAME-VERSION/NAME unless it is already there; prints NAME=<path>.
build() {
  local name="$1" module="$2" version="$3"
  local dir="${cache_root}/${name}-${version}"
  local binary="${dir}/${name}"
  if [[ ! -x "${binary}" ]]; then
    # Install into a scratch directory and move the binary into place only
    # when the build succeeded, so an interrupted build never looks finished.
    local work_dir="${dir}.tmp.$$"
    rm -rf "${work_dir}"
    mkdir -p "${work_dir}"
    info "building ${name} ${version} (${module}); a cold build takes a minute or two"
    local started=${SECONDS}
    # -trimpath: no local paths in the binary; -modcacherw: a module cache
    # that `rm -rf` can clean. CGO is not needed by either program.
    if ! GOBIN="${work_dir}" GOFLAGS="-trimpath -modcacherw" CGO_ENABLED=0 \
      go install "${module}@${version}" > "${work_dir}/build.log" 2>&1; then
      cat "${work_dir}/build.log" >&2
      cp "${work_dir}/build.log" "${cache_root}/last-failed-${name}-build.log" 2>/dev/null || true
      rm -rf "${work_dir}"
      fail "go install ${module}@${version} failed (log: ${cache_root}/last-failed-${name}-build.log); check that the Go module proxy is reachable (go env GOPROXY: $(go env GOPROXY))"
    fi
    [[ -x "${work_dir}/${name}" ]] || fail "go install ${module}@${version} produced no ${name} binary in ${work_dir}"
    "${work_dir}/${name}" -version >/dev/null || fail "the built ${name} does not run: ${work_dir}/${name} -version failed"
    rm -rf "${dir}"
    mv "${work_dir}" "${dir}"
    info "built ${name} in $((SECONDS - started)) s"
  fi
  printf '%s=%s\n' "${name}" "${binary}"
}

build victoria-logs github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs "${VICTORIALOGS_VERSION}"
build vmalert github.com/VictoriaMetrics/VictoriaMetrics/app/vmalert "${VMALERT_VERSION}"

# `go install github.com/jaegertracing/jaeger/cmd/jaeger@<version>` refuses to
# build: Jaeger's go.mod has a `replace` (github.com/Shopify/sarama pinned to
# v1.33.0), and go install builds only modules whose go.mod means the same as a
# dependency as it does as the main module. So the build runs in a wrapper
# module that requires Jaeger and repeats that replace; `go get` resolves the
# rest to the versions Jaeger's go.mod selects and writes go.sum. Without the
# replace it still builds, but with sarama v1.37.2 (what the module graph
# selects) in place of the v1.33.0 that Jaeger pins and tests
# (`go version -m jaeger` shows which).
build_jaeger() {
  local module=github.com/jaegertracing/jaeger version="${JAEGER_MODULE_VERSION}"
  local dir="${cache_root}/jaeger-${version}"
  local binary="${dir}/jaeger"
  if [[ ! -x "${binary}" ]]; then
    local work_dir="${dir}.tmp.$$"
    rm -rf "${work_dir}"
    mkdir -p "${work_dir}"
    printf '%s\n' \
      "// Builds Jaeger ${JAEGER_VERSION} (${module} ${version}); written by secotel's scripts/build-backends.sh." \
      "module secotel.invalid/jaeger-build" \
      "" \
      "go 1.24.6" \
      "" \
      "require ${module} ${version}" \
      "" \
      "replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0" \
      > "${work_dir}/go.mod"
    info "building jaeger ${JAEGER_VERSION} (${module}/cmd/jaeger@${version} in a wrapper module); a cold build takes several minutes"
    local started=${SECONDS}
    # -X sets what `jaeger version` prints, as Jaeger's own Makefile does.
    if ! (cd "${work_dir}" \
      && export GOFLAGS="-trimpath -modcacherw" CGO_ENABLED=0 \
      && go get "${module}/cmd/jaeger@${version}" \
      && go build -ldflags "-X ${module}/internal/version.latestVersion=${JAEGER_VERSION}" -o "${work_dir}/jaeger" "${module}/cmd/jaeger") \
      > "${work_dir}/build.log" 2>&1; then
      cat "${work_dir}/build.log" >&2
      cp "${work_dir}/build.log" "${cache_root}/last-failed-jaeger-build.log" 2>/dev/null || true
      rm -rf "${work_dir}"
      fail "building ${module}/cmd/jaeger@${version} failed (log: ${cache_root}/last-failed-jaeger-build.log); check that the Go module proxy is reachable (go env GOPROXY: $(go env GOPROXY))"
    fi
    "${work_dir}/jaeger" version > /dev/null 2>&1 || fail "the built jaeger does not run: ${work_dir}/jaeger version failed"
    rm -rf "${dir}"
    mv "${work_dir}" "${dir}"
    info "built jaeger in $((SECONDS - started)) s"
  fi
  printf 'jaeger=%s\n' "${binary}"
}

build_jaeger
