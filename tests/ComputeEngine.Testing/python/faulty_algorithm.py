"""A test algorithm for the Python runner: sum, or a fault chosen by the input (tests only)."""
import os
import sys
import time


def compute(log, input_data):
    if isinstance(input_data, list):
        return sum(input_data)
    kind = input_data["kind"]
    log.info("fault %s", kind)
    if kind == "crash":
        sys.stderr.write("dying on purpose\n")
        sys.stderr.flush()
        os._exit(3)
    if kind == "hang":
        time.sleep(3600)
    if kind == "flood":
        return "x" * input_data["bytes"]
    if kind == "allocate":
        return len(bytearray(input_data["bytes"]))
    if kind == "raise":
        raise ValueError("bad luck " + str(input_data["tag"]))
    if kind == "permanent":
        error = ValueError("never works")
        error.permanent = True
        raise error
    if kind == "print":
        print("noise that must not reach the protocol")
        return input_data["tag"]
    if kind == "env":
        return {name: os.environ.get(name) for name in input_data["names"]}
    if kind == "pid":
        return os.getpid()
    raise KeyError(kind)
