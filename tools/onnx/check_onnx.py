#!/usr/bin/env python3
"""Checks ONNX files written by `seg4j export` with the ONNX project's own checker (Debian's python3-onnx).

For each file: onnx.checker.check_model with full_check=True (the IR and operator schemas of the declared opset,
then strict shape inference over the whole graph), and a summary: opset, IR version, inputs and outputs with their
(symbolic) dimensions, the operators used and how often, the weight count, and the model card's architecture.

ONNX 1.12 has no reference evaluator and Debian has no Python onnxruntime, so running the graphs is left to ONNX
Runtime Java (seg4j-onnx's tests).

Run:  /usr/bin/python3 tools/onnx/check_onnx.py FILE.onnx [...]   (needs: apt-get install python3-onnx)
"""
import collections
import json
import sys

import onnx
from onnx import checker, numpy_helper


def dims(value):
    return "[" + ", ".join(d.dim_param or str(d.dim_value) for d in value.type.tensor_type.shape.dim) + "]"


def check(path):
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    graph = model.graph
    ops = collections.Counter(node.op_type for node in graph.node)
    weights = sum(numpy_helper.to_array(t).size for t in graph.initializer if t.data_type == onnx.TensorProto.FLOAT)
    card = {p.key: p.value for p in model.metadata_props}.get("seg4j")
    architecture = json.loads(card)["architecture"] if card else "?"
    print(f"{path}: checker OK (full_check); ir_version {model.ir_version}, opset "
          f"{[(o.domain or 'ai.onnx', o.version) for o in model.opset_import]}, producer {model.producer_name} "
          f"{model.producer_version}, architecture {architecture}")
    print("  inputs:  " + ", ".join(f"{v.name} {dims(v)}" for v in graph.input))
    print("  outputs: " + ", ".join(f"{v.name} {dims(v)}" for v in graph.output))
    print(f"  {len(graph.node)} nodes, {weights:,} float32 weights; operators: "
          + ", ".join(f"{op} {n}" for op, n in sorted(ops.items())))


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: check_onnx.py FILE.onnx [...]")
    for path in sys.argv[1:]:
        check(path)


if __name__ == "__main__":
    main()
