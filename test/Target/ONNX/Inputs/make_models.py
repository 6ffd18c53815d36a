"""Writes binary ONNX models that libonnx 1.12's text syntax cannot express.

Usage: make_models.py KIND OUT.onnx
"""
import os
import sys

import onnx
from onnx import TensorProto, helper


def named_nodes():
    graph = helper.make_graph(
        [
            helper.make_node("Relu", ["X"], ["T"], name="first_relu"),
            helper.make_node("Sigmoid", ["T"], ["Y"]),
        ],
        "locations",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [4])],
    )
    return graph


def sequence_output():
    seq = helper.make_tensor_sequence_value_info("S", TensorProto.FLOAT, [2])
    return helper.make_graph(
        [helper.make_node("SequenceConstruct", ["X"], ["S"], name="make_seq")],
        "sequence",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [2])],
        [seq],
    )


def external_data():
    weight = helper.make_tensor("W", TensorProto.FLOAT, [2], [0.0, 0.0])
    weight.ClearField("float_data")
    weight.data_location = TensorProto.EXTERNAL
    entry = weight.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    # The data file exists, so the ONNX checker accepts the model.
    with open(os.path.join(os.path.dirname(sys.argv[2]), "weights.bin"), "wb") as data:
        data.write(b"\0" * 8)
    return helper.make_graph(
        [helper.make_node("Add", ["X", "W"], ["Y"], name="add")],
        "external",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [2])],
        [weight],
    )


def short_raw_data():
    # Claims 4 floats but carries the bytes of 3.
    weight = helper.make_tensor("W", TensorProto.FLOAT, [4], b"\0" * 16, raw=True)
    weight.raw_data = b"\0" * 12
    return helper.make_graph(
        [helper.make_node("Add", ["X", "W"], ["Y"], name="add")],
        "short",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [4])],
        [weight],
    )


KINDS = {
    "named-nodes": named_nodes,
    "sequence": sequence_output,
    "external-data": external_data,
    "short-raw-data": short_raw_data,
}

graph = KINDS[sys.argv[1]]()
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
# Saved without onnx.checker on purpose: some of these are invalid.
with open(sys.argv[2], "wb") as out:
    out.write(model.SerializeToString())
