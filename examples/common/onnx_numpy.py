"""A tiny numpy interpreter for the ONNX operators the zoo's step graphs use.

onnx 1.12 has no reference evaluator (onnx.reference arrived in 1.13) and
onnxruntime is not installed, so the export scripts use this to check that
the exported graph computes what PyTorch computed. float32 throughout, like
the graph. Raises on any operator or attribute it does not know.
"""

import numpy as np
import onnx
import onnx.numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _sigmoid(x):
    return (1.0 / (1.0 + np.exp(-x))).astype(x.dtype)


_ONNX_TO_NP = {
    onnx.TensorProto.FLOAT: np.float32, onnx.TensorProto.DOUBLE: np.float64,
    onnx.TensorProto.INT64: np.int64, onnx.TensorProto.INT32: np.int32,
    onnx.TensorProto.BOOL: np.bool_,
}


def _run_node(node, ins):
    a = _attrs(node)
    op = node.op_type
    if op == "Identity":
        return [ins[0]]
    if op == "Constant":
        return [onnx.numpy_helper.to_array(a["value"])]
    if op == "Gather":
        return [np.take(ins[0], ins[1], axis=a.get("axis", 0))]
    if op == "Gemm":
        A, B = ins[0], ins[1]
        if a.get("transA", 0):
            A = A.T
        if a.get("transB", 0):
            B = B.T
        y = a.get("alpha", 1.0) * (A @ B)
        if len(ins) > 2 and ins[2] is not None:
            y = y + a.get("beta", 1.0) * ins[2]
        return [y.astype(np.float32)]
    if op == "MatMul":
        return [np.matmul(ins[0], ins[1])]
    if op == "Split":
        axis = a.get("axis", 0)
        sizes = ins[1] if len(ins) > 1 and ins[1] is not None else a.get("split")
        if sizes is None:
            n = len(node.output)
            return list(np.split(ins[0], n, axis=axis))
        return list(np.split(ins[0], np.cumsum(sizes)[:-1], axis=axis))
    if op == "Slice":
        data, starts, ends = ins[0], ins[1], ins[2]
        axes = ins[3] if len(ins) > 3 else np.arange(len(starts))
        steps = ins[4] if len(ins) > 4 else np.ones(len(starts), np.int64)
        sl = [slice(None)] * data.ndim
        for s, e, ax, st in zip(starts, ends, axes, steps):
            sl[int(ax)] = slice(int(s), int(e), int(st))
        return [data[tuple(sl)]]
    if op == "Sigmoid":
        return [_sigmoid(ins[0])]
    if op == "Tanh":
        return [np.tanh(ins[0])]
    if op == "Relu":
        return [np.maximum(ins[0], 0).astype(ins[0].dtype)]
    if op == "Exp":
        return [np.exp(ins[0])]
    if op == "Neg":
        return [-ins[0]]
    if op == "Sqrt":
        return [np.sqrt(ins[0])]
    if op == "Reciprocal":
        return [(1.0 / ins[0]).astype(ins[0].dtype)]
    if op in ("Add", "Sub", "Mul", "Div", "Pow"):
        f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
             "Div": np.divide, "Pow": np.power}[op]
        out = f(ins[0], ins[1])
        return [out.astype(np.result_type(ins[0].dtype, ins[1].dtype)
                           if op != "Pow" else ins[0].dtype)]
    if op in ("Max", "Min"):
        f = np.maximum if op == "Max" else np.minimum
        out = ins[0]
        for x in ins[1:]:
            out = f(out, x)
        return [out]
    if op == "Clip":
        lo = ins[1] if len(ins) > 1 and ins[1] is not None else -np.inf
        hi = ins[2] if len(ins) > 2 and ins[2] is not None else np.inf
        return [np.clip(ins[0], lo, hi).astype(ins[0].dtype)]
    if op in ("Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Equal"):
        f = {"Greater": np.greater, "GreaterOrEqual": np.greater_equal,
             "Less": np.less, "LessOrEqual": np.less_equal,
             "Equal": np.equal}[op]
        return [f(ins[0], ins[1])]
    if op == "Where":
        return [np.where(ins[0], ins[1], ins[2])]
    if op == "Not":
        return [np.logical_not(ins[0])]
    if op == "Cast":
        return [ins[0].astype(_ONNX_TO_NP[a["to"]])]
    if op == "ReduceMean":
        axes = a.get("axes")
        axes = tuple(axes) if axes is not None else None
        return [np.mean(ins[0], axis=axes, keepdims=bool(a.get("keepdims", 1)))
                .astype(ins[0].dtype)]
    if op == "ReduceSum":
        axes = tuple(ins[1]) if len(ins) > 1 else None
        return [np.sum(ins[0], axis=axes, keepdims=bool(a.get("keepdims", 1)))]
    if op == "Unsqueeze":
        axes = ins[1] if len(ins) > 1 else a["axes"]
        out = ins[0]
        for ax in sorted(int(x) for x in axes):
            out = np.expand_dims(out, ax)
        return [out]
    if op == "Squeeze":
        axes = ins[1] if len(ins) > 1 else a.get("axes")
        return [np.squeeze(ins[0], axis=tuple(int(x) for x in axes))
                if axes is not None else np.squeeze(ins[0])]
    if op == "Reshape":
        shape = [int(s) for s in ins[1]]
        shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return [ins[0].reshape(shape)]
    if op == "Concat":
        return [np.concatenate(ins, axis=a["axis"])]
    if op == "Shape":
        return [np.array(ins[0].shape, dtype=np.int64)]
    if op == "Transpose":
        return [np.transpose(ins[0], a.get("perm"))]
    raise NotImplementedError(f"onnx_numpy: operator {op}")


def run(model, feeds):
    """Evaluates `model` (ModelProto) on `feeds` {name: ndarray}; returns
    {output name: ndarray}."""
    graph = model.graph
    env = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
    env.update(feeds)
    for node in graph.node:
        ins = [env[i] if i else None for i in node.input]
        outs = _run_node(node, ins)
        for name, value in zip(node.output, outs):
            env[name] = np.asarray(value)
    return {o.name: env[o.name] for o in graph.output}


def op_types(model):
    return sorted({n.op_type for n in model.graph.node})
