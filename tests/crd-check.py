#!/usr/bin/env python3
"""crd-check.py - check Istio resources against the CRDs' openAPI schemas

Validates resources the way the Kubernetes API server does for Istio's
custom resources: the structural schema of the served version (types,
unknown fields, enum, lengths, patterns, maxItems, required, oneOf/anyOf)
and the CEL rules (x-kubernetes-validations) that the kinds below use,
evaluated by hand-written equivalents. A rule without an equivalent is
counted as not evaluated, never passed silently.

Usage:
  crd-check.py --crds CRD.yaml pairs BEFORE AFTER [BEFORE AFTER...]
      validate the resources of AFTER that are new or differ from BEFORE
      (the objects a fix rewrote): a new object must validate, a changed
      one must have no error that it did not have before the fix
  crd-check.py --crds CRD.yaml files FILE...
      validate every resource of the files
  crd-check.py --crds CRD.yaml invalid FILE...
      every resource of the files must be rejected (a self-test); each
      document names what it breaks in a comment "# expect: TEXT", which
      must appear in the first error

Exit status: 0 all good, 1 a resource failed (or an invalid one passed),
2 usage or I/O error. Only the kinds of CHECKED are validated; Gateway-API
resources are counted as skipped when no CRD for them is loaded.
"""

import re
import sys

import yaml

CHECKED = {
    ("security.istio.io", "AuthorizationPolicy"),
    ("security.istio.io", "RequestAuthentication"),
    ("security.istio.io", "PeerAuthentication"),
    ("telemetry.istio.io", "Telemetry"),
    ("extensions.istio.io", "WasmPlugin"),
    ("extensions.istio.io", "TrafficExtension"),
    ("networking.istio.io", "EnvoyFilter"),
    ("gateway.networking.k8s.io", "Gateway"),
}


def norm(rule):
    return " ".join(rule.split())


def has(obj, key):
    # CEL has() on a stored object: the key is there and not null
    return isinstance(obj, dict) and obj.get(key) is not None


def port_key_ok(k):
    try:
        v = int(str(k), 10)
    except ValueError:
        return False
    return 0 < v <= 65535


# The CEL rules of the checked CRDs, as Python. Each takes self and
# returns True when the rule holds.
CEL = {
    "(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + "
    "(has(self.targetRefs) ? 1 : 0) <= 1":
        lambda s: has(s, "selector") + has(s, "targetRef") +
        has(s, "targetRefs") <= 1,
    "(has(self.selector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1":
        lambda s: has(s, "selector") + has(s, "targetRefs") <= 1,
    "(has(self.workloadSelector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) "
    "<= 1":
        lambda s: has(s, "workloadSelector") + has(s, "targetRefs") <= 1,
    "self.size() == 0": lambda s: len(s) == 0,
    'self.all(key, !key.contains("*"))':
        lambda s: all("*" not in k for k in s),
    "self.all(key, key.size() != 0)": lambda s: all(len(k) for k in s),
    '!self.contains("*")': lambda s: "*" not in s,
    "has(self.portLevelMtls) ? (((has(self.selector) && "
    "has(self.selector.matchLabels)) ? self.selector.matchLabels : {})"
    ".size() > 0) : true":
        lambda s: not has(s, "portLevelMtls") or bool(
            (s.get("selector") or {}).get("matchLabels") or {}),
    "self.all(key, 0 < int(key) && int(key) <= 65535)":
        lambda s: all(port_key_ok(k) for k in s),
    "0 < self && self <= 65535": lambda s: 0 < s <= 65535,
    "(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? "
    "(!has(self.principals) && !has(self.notPrincipals) && "
    "!has(self.namespaces) && !has(self.notNamespaces)) : true":
        lambda s: not (has(s, "serviceAccounts") or
                       has(s, "notServiceAccounts")) or not (
            has(s, "principals") or has(s, "notPrincipals") or
            has(s, "namespaces") or has(s, "notNamespaces")),
    "(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + "
    "(has(self.jwks) ? 1 : 0) <= 1":
        lambda s: has(s, "jwksUri") + has(s, "jwks_uri") +
        has(s, "jwks") <= 1,
    "has(self.wasm) != has(self.lua)":
        lambda s: has(s, "wasm") != has(s, "lua"),
    "has(self.context) ? ((self.context == \"WAYPOINT\") ? "
    "has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)":
        lambda s: (has(s, "waypoint") == (s.get("context") == "WAYPOINT"))
        if has(s, "context") else not has(s, "waypoint"),
    "(has(self.valueFrom) ? self.valueFrom : \"\") != \"HOST\" || "
    "!has(self.value)":
        lambda s: s.get("valueFrom", "") != "HOST" or not has(s, "value"),
    "((has(self.operation) ? self.operation : \"\") == \"UPSERT\") ? "
    "(self.value != \"\") : true":
        lambda s: s.get("operation", "") != "UPSERT" or
        (has(s, "value") and s["value"] != ""),
    "((has(self.operation) ? self.operation : \"\") == \"REMOVE\") ? "
    "!has(self.value) : true":
        lambda s: s.get("operation", "") != "REMOVE" or not has(s, "value"),
}

DURATION = re.compile(r"^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$")


def duration_ok(s):
    # duration(self) >= duration('1ms')
    if not isinstance(s, str) or not DURATION.match(s):
        return False
    total = 0.0
    unit = {"h": 3600e3, "m": 60e3, "s": 1e3, "ms": 1, "us": 1e-3,
            "ns": 1e-6}
    for num, _, u in re.findall(r"(\d+(\.\d+)?)(h|ms|us|ns|m|s)", s):
        total += float(num) * unit[u]
    return total >= 1


CEL["duration(self) >= duration('1ms')"] = duration_ok


def url_scheme(s):
    # CEL url(s).getScheme(), or None when s is not an absolute URL
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://[^\s]*$", s)
    if not m or re.search(r"%(?![0-9A-Fa-f]{2})", s):
        return None
    return m.group(1).lower()


def url_or_host(s, schemes):
    # isURL(self) ? scheme in L : isURL("http://" + self) && ...
    sch = url_scheme(s)
    if sch is None:
        sch = url_scheme("http://" + s)
    return sch is not None and sch in schemes


CEL['url(self).getScheme() in ["http", "https"]'] = \
    lambda s: url_scheme(s) in ("http", "https")
for _l in ('["", "http", "https", "oci", "file"]',
           '["", "http", "https", "file", "oci"]'):
    CEL['isURL(self) ? (url(self).getScheme() in %s) : '
        '(isURL("http://" + self) && url("http://" + self).getScheme() '
        'in %s)' % (_l, _l)] = \
        lambda s: url_or_host(s, ("", "http", "https", "file", "oci"))


class Checker:
    def __init__(self, crd_files):
        self.schemas = {}   # (group, kind, version) -> schema
        self.kinds = set()
        self.not_evaluated = {}
        for f in crd_files:
            with open(f) as fh:
                for d in yaml.safe_load_all(fh):
                    if not d or d.get("kind") != "CustomResourceDefinition":
                        continue
                    g = d["spec"]["group"]
                    k = d["spec"]["names"]["kind"]
                    self.kinds.add((g, k))
                    for v in d["spec"]["versions"]:
                        if v.get("served", True):
                            self.schemas[(g, k, v["name"])] = \
                                v["schema"]["openAPIV3Schema"]

    # ---- structural schema ------------------------------------------------

    def check(self, obj, sch, path, errs):
        if obj is None:
            # a null where the schema is not nullable: "must be of type
            # string: null" (Istio's CRD test data)
            if not sch.get("nullable") and ("type" in sch or
                                            "x-kubernetes-int-or-string"
                                            in sch):
                errs.append("%s: must be of type %s, not null" %
                            (path, sch.get("type", "int-or-string")))
            return
        t = sch.get("type")
        if sch.get("x-kubernetes-int-or-string"):
            if not (isinstance(obj, (int, str)) and
                    not isinstance(obj, bool)):
                errs.append("%s: must be an integer or a string" % path)
                return
        elif t == "object":
            if not isinstance(obj, dict):
                errs.append("%s: must be an object, not %s" %
                            (path, type(obj).__name__))
                return
        elif t == "array":
            if not isinstance(obj, list):
                errs.append("%s: must be an array, not %s" %
                            (path, type(obj).__name__))
                return
        elif t == "string":
            if not isinstance(obj, str):
                errs.append("%s: must be a string, not %s" %
                            (path, type(obj).__name__))
                return
        elif t == "integer":
            if isinstance(obj, bool) or not isinstance(obj, int):
                errs.append("%s: must be an integer, not %s" %
                            (path, type(obj).__name__))
                return
        elif t == "number":
            if isinstance(obj, bool) or not isinstance(obj, (int, float)):
                errs.append("%s: must be a number" % path)
                return
        elif t == "boolean":
            if not isinstance(obj, bool):
                errs.append("%s: must be a boolean, not %s" %
                            (path, type(obj).__name__))
                return

        if "enum" in sch and obj not in sch["enum"]:
            errs.append("%s: %r is not one of %s" % (path, obj, sch["enum"]))
        if isinstance(obj, str):
            if "maxLength" in sch and len(obj) > sch["maxLength"]:
                errs.append("%s: longer than %d" % (path, sch["maxLength"]))
            if "minLength" in sch and len(obj) < sch["minLength"]:
                errs.append("%s: shorter than %d" % (path, sch["minLength"]))
            if "pattern" in sch and not re.search(sch["pattern"], obj):
                errs.append("%s: %r does not match %s" %
                            (path, obj, sch["pattern"]))
        if isinstance(obj, (int, float)) and not isinstance(obj, bool):
            if "maximum" in sch and obj > sch["maximum"]:
                errs.append("%s: above %s" % (path, sch["maximum"]))
            if "minimum" in sch and obj < sch["minimum"]:
                errs.append("%s: below %s" % (path, sch["minimum"]))
        if isinstance(obj, list):
            if "maxItems" in sch and len(obj) > sch["maxItems"]:
                errs.append("%s: %d items, maxItems is %d" %
                            (path, len(obj), sch["maxItems"]))
            if "minItems" in sch and len(obj) < sch["minItems"]:
                errs.append("%s: fewer than %d items" %
                            (path, sch["minItems"]))
            keys = sch.get("x-kubernetes-list-map-keys")
            if sch.get("x-kubernetes-list-type") == "map" and keys:
                seen = set()
                for item in obj:
                    if isinstance(item, dict):
                        k = tuple(repr(item.get(x)) for x in keys)
                        if k in seen:
                            errs.append("%s: duplicate entry %s" %
                                        (path, ", ".join(k)))
                        seen.add(k)
            for i, item in enumerate(obj):
                if "items" in sch:
                    self.check(item, sch["items"], "%s[%d]" % (path, i),
                               errs)
        if isinstance(obj, dict):
            props = sch.get("properties")
            addl = sch.get("additionalProperties")
            keep = sch.get("x-kubernetes-preserve-unknown-fields")
            if "maxProperties" in sch and len(obj) > sch["maxProperties"]:
                errs.append("%s: more than %d properties" %
                            (path, sch["maxProperties"]))
            if "minProperties" in sch and len(obj) < sch["minProperties"]:
                errs.append("%s: fewer than %d properties" %
                            (path, sch["minProperties"]))
            for r in sch.get("required", []):
                if r not in obj:
                    errs.append("%s: required field %s is missing" %
                                (path, r))
            for k, v in obj.items():
                sub = "%s.%s" % (path, k)
                if props is not None and k in props:
                    self.check(v, props[k], sub, errs)
                elif isinstance(addl, dict):
                    self.check(v, addl, sub, errs)
                elif props is not None and not keep and addl is not True:
                    errs.append("%s: unknown field" % sub)
        for kw in ("oneOf", "anyOf"):
            if kw in sch:
                n = sum(1 for alt in sch[kw] if self.matches(obj, alt))
                if (kw == "oneOf" and n != 1) or (kw == "anyOf" and n < 1):
                    errs.append("%s: %s (%d alternatives match)" %
                                (path, kw, n))
        if "not" in sch and self.matches(obj, sch["not"]):
            errs.append("%s: matches a forbidden schema" % path)
        for v in sch.get("x-kubernetes-validations", []):
            rule = norm(v["rule"])
            fn = CEL.get(rule)
            if fn is None:
                self.not_evaluated[rule] = self.not_evaluated.get(rule, 0) + 1
                continue
            try:
                ok = fn(obj)
            except (TypeError, ValueError, AttributeError):
                ok = False
            if not ok:
                errs.append("%s: %s" % (path, v.get("message", rule)))

    def matches(self, obj, alt):
        # the value-level alternatives of oneOf/anyOf (required, not, ...)
        e = []
        self.check(obj, alt, "", e)
        return not e

    # ---- resources ----------------------------------------------------------

    def validate(self, doc):
        """None when the kind is not checked; else a list of errors."""
        api = doc.get("apiVersion") or ""
        g, _, v = api.rpartition("/")
        k = doc.get("kind")
        if (g, k) not in CHECKED:
            return None
        if (g, k) not in self.kinds:
            return "skip"
        sch = self.schemas.get((g, k, v))
        if sch is None:
            return ["%s %s: version %s is not served" % (g, k, v)]
        errs = []
        for key in doc:
            if key not in ("apiVersion", "kind", "metadata", "spec",
                           "status"):
                errs.append("%s: unknown top-level field" % key)
        if not isinstance(doc.get("metadata"), dict):
            errs.append("metadata: must be an object")
        if "spec" in doc:
            props = sch.get("properties", {})
            self.check(doc["spec"], props.get("spec", {}), "spec", errs)
        return errs


def load(path):
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    docs = []
    for d in yaml.safe_load_all(text):
        if isinstance(d, dict) and d.get("kind") == "List" and \
                isinstance(d.get("items"), list):
            docs.extend(i for i in d["items"] if isinstance(i, dict))
        elif isinstance(d, dict):
            docs.append(d)
    return docs, text


def unindex(err):
    # "spec.targetRefs[3].namespace: ..." without the list indexes, which
    # a fix that removes an item shifts
    return re.sub(r"\[\d+\]", "[]", err)


def ident(d):
    m = d.get("metadata") if isinstance(d.get("metadata"), dict) else {}
    return (d.get("apiVersion"), d.get("kind"), m.get("namespace"),
            m.get("name"))


def name_of(d):
    a, k, ns, n = ident(d)
    return "%s %s/%s" % (k, ns or "-", n)


def main(argv):
    crds = []
    args = argv[1:]
    while args and args[0] == "--crds":
        crds.append(args[1])
        args = args[2:]
    if not crds or not args or args[0] not in ("pairs", "files", "invalid"):
        sys.stderr.write(__doc__)
        return 2
    mode, files = args[0], args[1:]
    chk = Checker(crds)
    checked = failed = skipped = 0
    todo = []   # (label, doc, expect)
    if mode == "pairs":
        if len(files) % 2:
            sys.stderr.write("pairs: an odd number of files\n")
            return 2
        for b, a in zip(files[0::2], files[1::2]):
            try:
                before, _ = load(b)
            except (yaml.YAMLError, UnicodeDecodeError, OSError):
                continue    # not YAML to begin with: nothing to compare
            try:
                after, _ = load(a)
            except (yaml.YAMLError, UnicodeDecodeError, OSError) as e:
                print("FAIL: %s: the fixed file does not parse: %s" %
                      (a, str(e).splitlines()[0]))
                failed += 1
                continue
            old = {}
            for d in before:
                old.setdefault(ident(d), []).append(d)
            for d in after:
                if d in old.get(ident(d), []):
                    continue
                todo.append(("%s: %s" % (a, name_of(d)), d,
                             old.get(ident(d), [None])[0]))
    else:
        for f in files:
            docs, text = load(f)
            expects = re.findall(r"^# expect: (.*)$", text, re.M)
            for i, d in enumerate(docs):
                exp = expects[i] if mode == "invalid" and \
                    i < len(expects) else None
                todo.append(("%s: %s" % (f, name_of(d)), d, exp))
    kept = repaired = 0
    for label, d, exp in todo:
        errs = chk.validate(d)
        if errs is None:
            continue
        if errs == "skip":
            skipped += 1
            continue
        checked += 1
        if mode == "pairs" and exp is not None:
            # a rewritten object: the fix must add no error; errors the
            # object had before (defects no fix repairs) may stay
            was = chk.validate(exp)
            was = set(unindex(e) for e in was) \
                if isinstance(was, list) else set()
            if was and not errs:
                repaired += 1
            new = [e for e in errs if unindex(e) not in was]
            if errs and not new:
                kept += 1
                print("note: %s: still invalid, as before the fix: %s" %
                      (label, errs[0]))
            errs = new
        if mode == "invalid":
            if not errs:
                print("FAIL: %s: accepted, but it is invalid" % label)
                failed += 1
            elif exp is not None and exp not in errs[0]:
                print("FAIL: %s: rejected for %s, expected %s" %
                      (label, errs[0], exp))
                failed += 1
            else:
                print("ok: %s: rejected: %s" % (label, errs[0]))
        elif errs:
            failed += 1
            for e in errs:
                print("FAIL: %s: %s" % (label, e))
    for rule, n in sorted(chk.not_evaluated.items()):
        print("note: CEL rule not evaluated (%d times): %s" % (n, rule))
    if mode == "pairs":
        print("pairs: %d repaired by the fixes, %d invalid before and "
              "after" % (repaired, kept))
    print("%s: %d resources checked, %d failed, %d skipped (no CRD)" %
          (mode, checked, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
