"""Validates the Sigma rules in deploy/sigma/ and converts them with pySigma; prints JSON.

    python scripts/sigma-convert.py [RULE_DIR]

Runs in the venv scripts/build-sigma.sh builds. Output (one JSON object on stdout):
  validation: issues pySigma's validators found, per rule
  rules:      per rule name, its kind (rule | correlation) and, per backend, either
              {"queries": [...]} or {"error": "<exception class>: <message>"}
Backends: Loki (LogQL, pipelines secotel.yml + secotel-loki.yml), Elasticsearch Lucene and
ES|QL (pipeline secotel.yml).
"""

import json
import sys
from pathlib import Path

from sigma.backends.elasticsearch import ESQLBackend, LuceneBackend
from sigma.backends.loki import LogQLBackend
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.processing.pipeline import ProcessingPipeline
from sigma.validation import SigmaValidator
from sigma.validators.core import validators

root = Path(__file__).resolve().parent.parent
rule_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "deploy" / "sigma"
pipeline_dir = rule_dir / "pipelines"


def pipeline(*names: str) -> ProcessingPipeline:
    result = ProcessingPipeline()
    for name in names:
        result = result + ProcessingPipeline.from_yaml((pipeline_dir / name).read_text())
    return result


def backends():
    # A backend's pipeline is consumed by one conversion run; build fresh ones per rule.
    yield "loki", LogQLBackend(pipeline("secotel.yml", "secotel-loki.yml"))
    yield "lucene", LuceneBackend(pipeline("secotel.yml"))
    yield "esql", ESQLBackend(pipeline("secotel.yml"))


out = {"files": [], "errors": [], "validation": [], "rules": {}}
collection = SigmaCollection.load_ruleset(sorted(rule_dir.glob("*.yml")), collect_errors=True)
out["files"] = sorted(p.name for p in rule_dir.glob("*.yml"))
out["errors"] = [f"{type(e).__name__}: {e}" for e in collection.errors]

# attacktag and d3_fendtag download the MITRE ATT&CK and D3FEND catalogues at run time: not
# offline-safe, so they are left out (the tags still pass tag_format and namespace_tag).
OFFLINE_UNSAFE = {"attacktag", "d3_fendtag"}
out["validators"] = sorted(name for name in validators if name not in OFFLINE_UNSAFE)
validator = SigmaValidator([validators[name] for name in out["validators"]])
for issue in validator.validate_rules(iter(collection.rules)):
    out["validation"].append(
        {
            "rules": [getattr(r, "name", None) or str(r.id) for r in issue.rules],
            "issue": type(issue).__name__,
            "severity": issue.severity.name,
            "description": issue.description,
        }
    )

files_by_name = {rule.name: rule.source.path for rule in collection.rules}
for rule in collection.rules:
    is_correlation = isinstance(rule, SigmaCorrelationRule)
    entry = {
        "kind": "correlation" if is_correlation else "rule",
        "title": rule.title,
        "file": rule.source.path.name,
    }
    # Each rule is converted on its own, from freshly loaded files (conversion applies the
    # pipelines to the rule objects in place): a single-event rule alone, a correlation with the
    # rules it references (which then produce no query of their own, as the specification says).
    files = [rule.source.path]
    if is_correlation:
        entry["references"] = [str(ref.reference) for ref in rule.rules]
        files += [files_by_name[name] for name in entry["references"]]
    for backend_name, backend in backends():
        try:
            queries = backend.convert(SigmaCollection.load_ruleset(files))
            entry[backend_name] = {"queries": [str(q) for q in queries]}
        except Exception as error:  # the test asserts on unsupported conversions
            entry[backend_name] = {"error": f"{type(error).__name__}: {error}"}
    out["rules"][rule.name] = entry

json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
