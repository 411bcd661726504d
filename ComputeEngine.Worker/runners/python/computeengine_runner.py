"""ComputeEngine's Python runner: one long-lived process that runs a module's compute(log, input_data) per item.

The worker starts it as `python3 computeengine_runner.py --module PATH_OR_NAME` (Worker:Processes:{name}:Mode
persistent) and speaks one JSON line per item on stdin/stdout:

    request   {"id": 1, "input": [1, 1]}
    response  {"id": 1, "output": 2}
           or {"id": 1, "error": {"type": "TypeError", "message": "<traceback tail>", "permanent": false}}

compute is called as the seed's worker calls it, compute(log, input_json['input_data']): `log` is a
logging.Logger writing to stderr, which the worker keeps per item. An exception fails the attempt (retried);
one with a true `permanent` attribute fails the item at once. Anything the module prints goes to stderr, so it
cannot break the protocol. The runner exits when stdin closes (the worker stopping, or dying).
"""

import argparse
import importlib
import importlib.util
import json
import logging
import os
import sys
import traceback

MESSAGE_TAIL = 4000


def load(module):
    """A directory holding __init__.py (the seed's `compute-algorithm/`), a .py file, or an importable name."""
    path = os.path.abspath(module)
    if os.path.isdir(path):
        spec = importlib.util.spec_from_file_location(
            "algorithm", os.path.join(path, "__init__.py"), submodule_search_locations=[path])
    elif os.path.isfile(path):
        sys.path.insert(0, os.path.dirname(path))
        spec = importlib.util.spec_from_file_location("algorithm", path)
    else:
        return importlib.import_module(module)
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["algorithm"] = loaded
    spec.loader.exec_module(loaded)
    return loaded


def logger():
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger("algorithm")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


def limit_memory(megabytes):
    import resource
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def answer(request_id, compute, log, request):
    try:
        output = compute(log, request["input"])
    except Exception as error:  # the item fails, the process goes on
        return failure(request_id, error)
    try:
        return json.dumps({"id": request_id, "output": output}, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        error.permanent = True  # the same output would not become JSON on a retry
        return failure(request_id, error)


def failure(request_id, error):
    message = "".join(traceback.format_exception(type(error), error, error.__traceback__))[-MESSAGE_TAIL:]
    return json.dumps({"id": request_id, "error": {
        "type": type(error).__name__, "message": message.strip(),
        "permanent": bool(getattr(error, "permanent", False))}})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", required=True, help="a package directory, a .py file or a module name")
    parser.add_argument("--function", default="compute")
    parser.add_argument("--max-memory-mb", type=int, help="address-space limit: a MemoryError fails the item")
    args = parser.parse_args()
    # An algorithm's directory may be a read-only mount (a ConfigMap) or shared: leave no __pycache__ in it.
    sys.dont_write_bytecode = True

    # The protocol owns the real stdout; print() in the algorithm lands on stderr with its log.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    compute = getattr(load(args.module), args.function)
    log = logger()
    if args.max_memory_mb:
        limit_memory(args.max_memory_mb)

    for line in sys.stdin.buffer:
        request = json.loads(line)
        response = answer(request.get("id"), compute, log, request)
        sys.stderr.flush()
        protocol.write(response + "\n")
        protocol.flush()


if __name__ == "__main__":
    main()
