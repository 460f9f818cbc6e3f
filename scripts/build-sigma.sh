#!/usr/bin/env bash
# Builds the Python venv with pySigma and its Loki and Elasticsearch backends that
# test/sigma.test.ts converts deploy/sigma/ with (scripts/sigma-convert.py).
#
#   scripts/build-sigma.sh            # prints the venv's python on the last line
#
# Needs Python >= 3.10 with the venv module (SECOTEL_PYTHON names another interpreter) and
# PyPI. The venv lives outside the repository, keyed by a hash of the pinned requirements, so
# a second run is instant:
#
#   ${SECOTEL_COLLECTOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secotel}/
#     sigma-venv-<hash>/                 the venv (bin/python)
#     sigma-venv-<hash>/install.log      pip's output
#
# A cold build takes a few seconds (pure-Python wheels plus jq's binary wheel).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="${repo_root}/deploy/sigma/requirements.txt"

script_name=build-sigma
# shellcheck source=lib/cache.sh
source "${repo_root}/scripts/lib/cache.sh"

[[ -f "${requirements}" ]] || fail "requirements not found at ${requirements}"
python="${SECOTEL_PYTHON:-python3}"
command -v "${python}" >/dev/null 2>&1 \
  || fail "'${python}' is not on PATH; install Python 3.10 or newer (Debian: apt-get install python3 python3-venv) or set SECOTEL_PYTHON"
"${python}" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || fail "pySigma needs Python 3.10 or newer; ${python} is $("${python}" --version 2>&1)"

requirements_hash="$(file_hash "${requirements}")"
venv_dir="${cache_root}/sigma-venv-${requirements_hash}"
venv_python="${venv_dir}/bin/python"

lock_cache sigma-build.lock

# The marker is written last, so an interrupted build never looks finished.
if [[ -x "${venv_python}" && -f "${venv_dir}/.complete" ]]; then
  printf '%s\n' "${venv_python}"
  exit 0
fi

info "creating ${venv_dir} from ${requirements}"
started=${SECONDS}
work_dir="${venv_dir}.tmp.$$"
rm -rf "${work_dir}"
trap 'rm -rf "${work_dir}"' EXIT
# The venv is built at its final path (a venv's scripts name their own path), under a name
# that no caller accepts until the marker exists.
rm -rf "${venv_dir}"
"${python}" -m venv "${venv_dir}" \
  || fail "'${python} -m venv' failed; on Debian install python3-venv"
mkdir -p "${work_dir}"
if ! "${venv_python}" -m pip install --disable-pip-version-check --no-input -r "${requirements}" >"${work_dir}/install.log" 2>&1; then
  cp "${work_dir}/install.log" "${cache_root}/last-failed-sigma-install.log" 2>/dev/null || true
  rm -rf "${venv_dir}"
  fail "pip install -r ${requirements} failed (log: ${cache_root}/last-failed-sigma-install.log); check that PyPI is reachable"
fi
"${venv_python}" -c 'import sigma.backends.loki, sigma.backends.elasticsearch' \
  || fail "the venv at ${venv_dir} cannot import the pySigma backends"
mv "${work_dir}/install.log" "${venv_dir}/install.log"
touch "${venv_dir}/.complete"
info "built in $((SECONDS - started)) s"

printf '%s\n' "${venv_python}"
