"""Schemathesis hooks for the fuzz stage: every generated JSON body gets one of its values (at
any depth) replaced by an extreme: int64 and float64 bounds, numbers beyond both (written out in
full, which a float64 reader turns into infinity), NaN and Infinity as strings, a
10,000-character string.

Loaded with SCHEMATHESIS_HOOKS=fuzz_hooks and e2e/ on PYTHONPATH.
"""
import copy
import schemathesis
from hypothesis import strategies as st

EXTREMES = [9223372036854775807, -9223372036854775808, 9223372036854775808, 2**100, 2147483648, 10**400, -(10**400),
            1.7976931348623157e308, -1.7976931348623157e308, 5e-324, -1, 0,
            "NaN", "Infinity", "-Infinity", "9223372036854775807", "x" * 10_000, "", None, [], {}, True]


def places(value, path=()):
    """Every place in a JSON value that holds a value, as a path of keys and indexes."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, nested in value.items():
            found += places(nested, path + (key,))
    elif isinstance(value, list):
        for index, nested in enumerate(value[:3]):
            found += places(nested, path + (index,))
    return found


def replaced(body, path, extreme):
    body = copy.deepcopy(body)
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = copy.deepcopy(extreme)
    return body


@schemathesis.hook
def flatmap_body(context, body):
    spots = places(body)
    if not spots:
        return st.sampled_from(EXTREMES)
    return st.tuples(st.sampled_from(spots), st.sampled_from(EXTREMES)).map(lambda choice: replaced(body, *choice))
