"""Writes small ONNX node tests in libonnx's layout (model.onnx,
test_data_set_N/{input,output}_K.pb) into the directory given as argv[1], to
exercise spnc-onnx-conformance's rules: pass, numeric and integer mismatches,
bound integer inputs, skips, and a model that fails to import."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]


def write(name, nodes, inputs, outputs, data_sets, opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs)
    model = helper.make_model(
        graph, producer_name="spnc-test",
        opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    directory = os.path.join(OUT, name)
    os.makedirs(directory)
    onnx.save(model, os.path.join(directory, "model.onnx"))
    for index, (ins, outs) in enumerate(data_sets):
        data_dir = os.path.join(directory, "test_data_set_%d" % index)
        os.makedirs(data_dir)
        for kind, values, infos in (("input", ins, inputs),
                                    ("output", outs, outputs)):
            for k, (value, info) in enumerate(zip(values, infos)):
                tensor = numpy_helper.from_array(value, info.name)
                with open(os.path.join(data_dir, "%s_%d.pb" % (kind, k)),
                          "wb") as f:
                    f.write(tensor.SerializeToString())


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


x = np.array([[-1.5, 0.0, 2.0], [3.25, -0.5, 1.0]], dtype=np.float32)

write("test_relu_pass", [helper.make_node("Relu", ["x"], ["y"])],
      [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])],
      [([x], [np.maximum(x, 0)])])

# One element off by more than the tolerance.
wrong = x + x
wrong[1, 2] += 0.01
write("test_add_wrong_output", [helper.make_node("Add", ["x", "x"], ["y"])],
      [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])],
      [([x], [wrong])])

# Within rtol 1e-3 of the expected value.
write("test_add_within_tolerance", [helper.make_node("Add", ["x", "x"], ["y"])],
      [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])],
      [([x], [(x + x) * np.float32(1.0005)])])

# Integers compare exactly.
a = np.array([1, 2, 3], dtype=np.int32)
write("test_add_int_off_by_one", [helper.make_node("Add", ["a", "a"], ["b"])],
      [vi("a", TensorProto.INT32, [3])], [vi("b", TensorProto.INT32, [3])],
      [([a], [np.array([2, 4, 7], dtype=np.int32)])])

# NaN matches NaN.
s = np.array([4.0, -1.0], dtype=np.float32)
write("test_sqrt_nan", [helper.make_node("Sqrt", ["s"], ["r"])],
      [vi("s", TensorProto.FLOAT, [2])], [vi("r", TensorProto.FLOAT, [2])],
      [([s], [np.array([2.0, np.nan], dtype=np.float32)])])

# The shape is an int64 graph input: bound per data set, two different ones.
data = np.arange(6, dtype=np.float32)
write("test_reshape_bound_shape",
      [helper.make_node("Reshape", ["data", "shape"], ["reshaped"])],
      [vi("data", TensorProto.FLOAT, [6]), vi("shape", TensorProto.INT64, [2])],
      [vi("reshaped", TensorProto.FLOAT, [None, None])],
      [([data, np.array([2, 3], dtype=np.int64)], [data.reshape(2, 3)]),
       ([data, np.array([3, -1], dtype=np.int64)], [data.reshape(3, 2)])])

# Two outputs that CSE makes one value (one buffer returned twice).
write("test_relu_twice", [helper.make_node("Relu", ["x"], ["y1"]),
                          helper.make_node("Relu", ["x"], ["y2"])],
      [vi("x", TensorProto.FLOAT, [2, 3])],
      [vi("y1", TensorProto.FLOAT, [2, 3]), vi("y2", TensorProto.FLOAT, [2, 3])],
      [([x], [np.maximum(x, 0), np.maximum(x, 0)])])

write("test_relu_dynamic", [helper.make_node("Relu", ["x"], ["y"])],
      [vi("x", TensorProto.FLOAT, ["N", 3])],
      [vi("y", TensorProto.FLOAT, ["N", 3])], [([x], [np.maximum(x, 0)])])

u = np.array([[1, 2], [3, 4]], dtype=np.uint32)
write("test_matmul_uint32", [helper.make_node("MatMul", ["u", "u"], ["v"])],
      [vi("u", TensorProto.UINT32, [2, 2])], [vi("v", TensorProto.UINT32, [2, 2])],
      [([u], [u @ u])])

write("test_erf_and_sign", [helper.make_node("Erf", ["x"], ["e"]),
                            helper.make_node("Sign", ["e"], ["y"])],
      [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])],
      [([x], [np.sign(x)])])

# Fails the ONNX checker (the node reads a value nothing defines); sorts
# first, so the tests after it show that the runner goes on.
write("test_a_broken_model", [helper.make_node("Relu", ["missing"], ["y"])],
      [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])],
      [([x], [np.maximum(x, 0)])])

# The data set does not fit the declared input.
write("test_relu_wrong_input_shape", [helper.make_node("Relu", ["x"], ["y"])],
      [vi("x", TensorProto.FLOAT, [3, 2])], [vi("y", TensorProto.FLOAT, [3, 2])],
      [([x], [np.maximum(x, 0)])])
