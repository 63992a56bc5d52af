"""The API contract is good enough for a client generator.

Checks /api/openapi.yaml as a generator reads it: the document is valid OpenAPI 3.1; every
operation has a unique operationId; every JSON request body and success response is a named
schema (a $ref to components), so generated types get our names, not made-up ones; every JSON
request body has an example, and every example validates against its schema. Then it generates
a Python client offline with openapi-python-client and imports it: one module per operation.

    python e2e/openapi_check.py Sources/BackboneApp/Resources/openapi.yaml WORKDIR
"""
import importlib
import os
import re
import subprocess
import sys

import yaml
from jsonschema.validators import validator_for
from openapi_spec_validator import validate
from referencing import Registry, Resource

spec_path, work = sys.argv[1], sys.argv[2]
spec = yaml.safe_load(open(spec_path))
validate(spec)
problems = []

registry = Registry().with_resource("urn:backbone", Resource.from_contents({**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))


def check_example(example, schema, where):
    wrapped = {"$ref": "urn:backbone#/components/schemas/" + schema["$ref"].split("/")[-1]} if "$ref" in schema else schema
    validator = validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema"})(wrapped, registry=registry)
    for error in validator.iter_errors(example):
        problems.append(f"{where}: the example does not fit its schema: {error.message}")


schemas = spec["components"]["schemas"]


def schema_example(schema):
    """An example on the named schema, or on one of the schemas it combines."""
    if "$ref" not in schema:
        return None
    named = schemas[schema["$ref"].split("/")[-1]]
    if "example" in named:
        return named["example"]
    for part in named.get("allOf", []):
        if "$ref" in part and "example" in schemas[part["$ref"].split("/")[-1]]:
            return None  # the combination adds rules (such as a required revision): its own example is needed
    return None


operation_ids = []
for path, item in spec["paths"].items():
    for method, operation in item.items():
        if method == "parameters":
            continue
        where = f"{method.upper()} {path}"
        op_id = operation.get("operationId")
        if not op_id:
            problems.append(f"{where}: no operationId")
        operation_ids.append(op_id)
        body = operation.get("requestBody", {}).get("content", {})
        for media, content in body.items():
            schema = content.get("schema", {})
            if "$ref" not in schema:
                problems.append(f"{where}: the {media} request body is not a named schema")
            if media == "application/json":
                examples = [content["example"]] if "example" in content else [e["value"] for e in content.get("examples", {}).values()]
                if not examples and schema_example(schema) is not None:
                    examples = [schema_example(schema)]
                if not examples:
                    problems.append(f"{where}: the request body has no example")
                for example in examples:
                    check_example(example, schema, where)
        for status, response in operation.get("responses", {}).items():
            if not status.startswith("2") or "$ref" in response:
                continue
            for media, content in response.get("content", {}).items():
                if media == "application/json" and "$ref" not in content.get("schema", {}):
                    problems.append(f"{where}: the {status} answer is not a named schema")
duplicates = {i for i in operation_ids if operation_ids.count(i) > 1}
if duplicates:
    problems.append(f"operationIds used twice: {sorted(duplicates)}")
for name, schema in schemas.items():
    if "example" in schema:
        check_example(schema["example"], {"$ref": f"#/components/schemas/{name}"}, f"schema {name}")

if problems:
    print("\n".join(problems))
    sys.exit(1)

# A client, generated offline, that imports.
os.makedirs(work, exist_ok=True)
config = os.path.join(work, "generator.yaml")
with open(config, "w") as f:
    f.write("post_hooks: []\nproject_name_override: backbone_client\npackage_name_override: backbone_client\n")
out = os.path.join(work, "client")
run = subprocess.run([os.path.join(os.path.dirname(sys.executable), "openapi-python-client"), "generate", "--path", spec_path,
                      "--config", config, "--meta", "none", "--output-path", out, "--overwrite"], capture_output=True, text=True)
print(run.stdout.strip()[-2000:])
if run.returncode != 0 or "Warning" in run.stdout or "Error" in run.stdout:
    print(run.stderr[-2000:])
    print("the client generator did not take the document cleanly")
    sys.exit(1)
sys.path.insert(0, work)
os.rename(out, os.path.join(work, "backbone_client")) if not os.path.exists(os.path.join(work, "backbone_client")) else None
client = importlib.import_module("backbone_client")
modules = set()
for root, _, files in os.walk(os.path.join(work, "backbone_client", "api")):
    modules |= {f[:-3] for f in files if f.endswith(".py") and f != "__init__.py"}
snake = {re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", i)).lower() for i in operation_ids}
missing = snake - modules
if missing:
    print(f"operations without a generated function: {sorted(missing)}")
    sys.exit(1)
for module in sorted(modules):
    package = next(d for d in os.listdir(os.path.join(work, "backbone_client", "api")) if os.path.exists(os.path.join(work, "backbone_client", "api", d, module + ".py")))
    importlib.import_module(f"backbone_client.api.{package}.{module}")
print(f"OpenAPI: valid, {len(operation_ids)} operations with ids, every JSON body and answer named, examples fit; "
      f"a Python client generated offline with {len(modules)} operations and {len(os.listdir(os.path.join(work, 'backbone_client', 'models'))) - 1} models, imported")
