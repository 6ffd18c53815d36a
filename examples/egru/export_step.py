#!/usr/bin/python3
"""Exports single-step EGRU graphs to ONNX (see README.md for the naming).

    /usr/bin/python3 examples/egru/export_step.py            # all models
    /usr/bin/python3 examples/egru/export_step.py --check    # verify only

Writes, next to this script:
  egru_step.onnx          1 layer,  input 8, hidden 16
  egru_step_2layer.onnx   2 layers, input 8, hidden 16, 16
  egru_lm_step.onnxtxt    a tiny character-level LM step (Gather embedding ->
                          EGRU step -> MatMul decoder) in ONNX's text syntax
  test_data/<model>/test_data_set_0/{input,output}_N.pb
                          one sample step per model with PyTorch's outputs

Weights are random but deterministic (seeded). The text form is written by
`to_onnx_text` below: onnx 1.12 has a text parser but no Python printer
(`onnx.printer` arrived in 1.13), so the printer is part of this script and
every text file is parsed back and compared with the binary model.
"""

import argparse
import io
import os
import re
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import onnx.parser
import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from egru import EGRU, EGRULanguageModel, reference_step  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 14


# --- state naming ------------------------------------------------------------

def state_input_names(num_layers):
    names = []
    for layer in range(num_layers):
        names += [f"y_prev_{layer}", f"c_prev_{layer}"]
    return names


def state_output_names(num_layers):
    names = []
    for layer in range(num_layers):
        names += [f"y_{layer}", f"c_{layer}"]
    return names


# --- export wrappers: flat tensors in, flat tensors out ---------------------

class StepGraph(torch.nn.Module):
    """(x, y_prev_0, c_prev_0, ...) -> (y_0, c_0, ...)."""

    def __init__(self, egru):
        super().__init__()
        self.egru = egru

    def forward(self, x, *flat_states):
        states = list(zip(flat_states[0::2], flat_states[1::2]))
        _, new_states = self.egru.step(x, states)
        return tuple(t for state in new_states for t in state)


class LMStepGraph(torch.nn.Module):
    """(token, y_prev_0, c_prev_0, ...) -> (logits, y_0, c_0, ...)."""

    def __init__(self, lm):
        super().__init__()
        self.lm = lm

    def forward(self, token, *flat_states):
        states = list(zip(flat_states[0::2], flat_states[1::2]))
        logits, new_states = self.lm.step(token, states)
        return (logits,) + tuple(t for state in new_states for t in state)


def export(module, args, input_names, output_names):
    module.eval()
    buffer = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, args, buffer, opset_version=OPSET,
                          input_names=input_names, output_names=output_names,
                          do_constant_folding=True)
    model = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(model)
    return model


# --- ONNX text printer (the grammar of onnx 1.12's onnx::OnnxParser) ---------

_TYPE_NAMES = {
    onnx.TensorProto.FLOAT: "float", onnx.TensorProto.DOUBLE: "double",
    onnx.TensorProto.FLOAT16: "float16", onnx.TensorProto.BFLOAT16: "bfloat16",
    onnx.TensorProto.BOOL: "bool", onnx.TensorProto.INT8: "int8",
    onnx.TensorProto.INT16: "int16", onnx.TensorProto.INT32: "int32",
    onnx.TensorProto.INT64: "int64", onnx.TensorProto.UINT8: "uint8",
    onnx.TensorProto.UINT16: "uint16", onnx.TensorProto.UINT32: "uint32",
    onnx.TensorProto.UINT64: "uint64",
}


class _Names:
    """The 1.12 parser only accepts [A-Za-z_][A-Za-z0-9_]* identifiers, while
    PyTorch names values like 'onnx::Mul_12' or 'egru.cells.0.threshold'.
    Maps every name to a unique identifier; valid names stay unchanged."""

    def __init__(self, reserved):
        self.map = {"": ""}
        self.used = set(reserved)
        for name in reserved:
            self.map[name] = name

    def __call__(self, name):
        if name not in self.map:
            ident = re.sub(r"[^A-Za-z0-9_]", "_", name).strip("_") or "v"
            if not re.match(r"[A-Za-z_]", ident):
                ident = "v" + ident
            candidate, n = ident, 1
            while candidate in self.used:
                candidate, n = f"{ident}_{n}", n + 1
            self.used.add(candidate)
            self.map[name] = candidate
        return self.map[name]


def _float_literal(value):
    """The shortest decimal that reads back as the same `value` (a numpy
    float32 or float64 scalar)."""
    if not np.isfinite(value):
        raise ValueError("the ONNX text syntax has no literal for inf/nan")
    if value == 0 or 1e-4 <= abs(value) < 1e6:
        text = np.format_float_positional(value, unique=True, trim="0")
    else:
        text = np.format_float_scientific(value, unique=True, trim="0")
    # The parser tells floats from integers by '.' or an exponent.
    if not re.search(r"[.eE]", text):
        text += ".0"
    return text.replace("e+", "e")


def _type_text(elem_type, dims):
    name = _TYPE_NAMES[elem_type]
    return f"{name}[{','.join(str(d) for d in dims)}]" if dims else name


def _tensor_literal(tensor):
    array = onnx.numpy_helper.to_array(tensor).reshape(-1)
    if array.dtype.kind == "f":
        values = [_float_literal(v) for v in array]
    elif array.dtype.kind == "b":
        values = [str(int(v)) for v in array]
    else:
        values = [str(int(v)) for v in array]
    return "{" + ", ".join(values) + "}"


def _value_info_text(info, names):
    tensor_type = info.type.tensor_type
    dims = []
    for dim in tensor_type.shape.dim:
        if dim.HasField("dim_value"):
            dims.append(dim.dim_value)
        else:
            dims.append(names(dim.dim_param) if dim.dim_param else "?")
    return f"{_type_text(tensor_type.elem_type, dims)} {names(info.name)}"


def _attribute_text(attr):
    A = onnx.AttributeProto
    if attr.type == A.INT:
        value = str(attr.i)
    elif attr.type == A.FLOAT:
        value = _float_literal(np.float32(attr.f))
    elif attr.type == A.STRING:
        value = '"' + attr.s.decode() + '"'
    elif attr.type == A.INTS:
        value = "[" + ", ".join(str(i) for i in attr.ints) + "]"
    elif attr.type == A.FLOATS:
        value = "[" + ", ".join(_float_literal(np.float32(f))
                                for f in attr.floats) + "]"
    elif attr.type == A.STRINGS:
        value = "[" + ", ".join('"' + s.decode() + '"' for s in attr.strings) + "]"
    elif attr.type == A.TENSOR:
        value = (_type_text(attr.t.data_type, attr.t.dims) + " "
                 + _tensor_literal(attr.t))
    else:
        raise ValueError(f"attribute '{attr.name}' of type "
                         f"{A.AttributeType.Name(attr.type)} has no text form")
    return f"{attr.name} = {value}"


def to_onnx_text(model):
    """`model` in the textual syntax of onnx 1.12 (what libonnx's
    OnnxParser, and thus spnc, reads). Node names and doc strings have no
    text form in 1.12 and are dropped; value names are made identifiers."""
    graph = model.graph
    names = _Names([])
    opsets = ", ".join(f'"{o.domain}" : {o.version}' for o in model.opset_import)
    header = [f"ir_version: {model.ir_version}", f"opset_import: [{opsets}]"]
    if model.producer_name:
        header.append(f'producer_name: "{model.producer_name}"')
    if model.producer_version:
        header.append(f'producer_version: "{model.producer_version}"')
    lines = ["<", ",\n".join("  " + h for h in header), ">"]

    initializers = {t.name: t for t in graph.initializer}
    inputs = [_value_info_text(i, names) for i in graph.input
              if i.name not in initializers]
    # Initializers are written as inputs with a value, which is how the 1.12
    # grammar spells them (they read back as inputs that have an initializer).
    for tensor in graph.initializer:
        inputs.append(f"{_type_text(tensor.data_type, tensor.dims)} "
                      f"{names(tensor.name)} = {_tensor_literal(tensor)}")
    outputs = [_value_info_text(o, names) for o in graph.output]
    graph_name = names(graph.name or "main_graph")
    lines.append(f"{graph_name} (" + ",\n    ".join(inputs) + ")")
    lines.append("  => (" + ", ".join(outputs) + ")")
    lines.append("{")
    for node in graph.node:
        outs = ", ".join(names(o) for o in node.output)
        ins = ", ".join(names(i) for i in node.input)
        op = node.op_type if not node.domain else f"{node.domain}.{node.op_type}"
        attrs = ""
        if node.attribute:
            attrs = " <" + ", ".join(_attribute_text(a) for a in node.attribute) + ">"
        lines.append(f"  {outs} = {op}{attrs} ({ins})")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _canonical(model):
    """What must survive a text round trip: opsets, the signature, the nodes
    (up to renaming) and the initializer values."""
    graph = model.graph
    init_names = {t.name for t in graph.initializer}
    order = {}

    def rename(name):
        if name == "":
            return ""
        return order.setdefault(name, f"%{len(order)}")

    sig_in = [(rename(i.name), i.type.SerializeToString())
              for i in graph.input if i.name not in init_names]
    sig_out = [(rename(o.name), o.type.SerializeToString()) for o in graph.output]
    nodes = []
    for node in graph.node:
        attrs = []
        for a in sorted(node.attribute, key=lambda a: a.name):
            if a.type == onnx.AttributeProto.TENSOR:
                t = onnx.numpy_helper.to_array(a.t)
                attrs.append((a.name, str(t.dtype), t.shape, t.tobytes()))
            else:
                attrs.append((a.name, onnx.helper.get_attribute_value(a)))
        nodes.append((node.domain, node.op_type,
                      [rename(i) for i in node.input],
                      [rename(o) for o in node.output], attrs))
    inits = sorted((rename(t.name), str(onnx.numpy_helper.to_array(t).dtype),
                    onnx.numpy_helper.to_array(t).shape,
                    onnx.numpy_helper.to_array(t).tobytes())
                   for t in graph.initializer)
    opsets = sorted((o.domain, o.version) for o in model.opset_import)
    return opsets, sig_in, sig_out, nodes, inits


def check_text_round_trip(model, text):
    parsed = onnx.parser.parse_model(text)
    onnx.checker.check_model(parsed)
    if _canonical(parsed) != _canonical(model):
        raise RuntimeError("ONNX text does not parse back to the same model")
    return parsed


# --- numerical cross-checks ---------------------------------------------------

def check_egru_against_reference(egru, x, flat_states, outputs):
    """The module's step against `reference_step` layer by layer."""
    inp = x
    for layer, cell in enumerate(egru.cells):
        y, c = reference_step(inp, flat_states[2 * layer], flat_states[2 * layer + 1],
                              cell.weight_ih, cell.weight_hh, cell.bias_ih,
                              cell.bias_hh, cell.threshold)
        if not (torch.equal(y, outputs[2 * layer])
                and torch.equal(c, outputs[2 * layer + 1])):
            raise RuntimeError(f"layer {layer} differs from the reference step")
        inp = y


def random_states(hidden_sizes, generator):
    flat = []
    for h in hidden_sizes:
        c = torch.rand(1, h, generator=generator) * 1.2 - 0.2
        # A previous event output: graded values where c crossed, 0 elsewhere.
        y = torch.where(torch.rand(1, h, generator=generator) < 0.3,
                        torch.rand(1, h, generator=generator), torch.zeros(1, h))
        flat += [y, c]
    return flat


# --- the models -----------------------------------------------------------------

def _activity_check(flat_outputs, what):
    """The sample step must exercise both sides of the threshold in every
    layer, or its expected outputs would not test the Heaviside at all."""
    for layer, y in enumerate(flat_outputs[0::2]):
        fired = int((y != 0).sum())
        if not 0 < fired < y.numel():
            raise RuntimeError(f"{what}: layer {layer} has {fired} of "
                               f"{y.numel()} units firing in the sample step")


def build_step_module(hidden_sizes, input_size=8, seed=0):
    """The seeded EGRU behind the step models (also what step_runs.py and
    export_sequence.py run)."""
    torch.manual_seed(seed)
    return EGRU(input_size, hidden_sizes).eval()


def build_step(hidden_sizes, input_size=8, seed=0):
    """The step model and one sample step (inputs, PyTorch's outputs)."""
    egru = build_step_module(hidden_sizes, input_size, seed)
    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(1, input_size, generator=gen)
    flat_states = random_states(hidden_sizes, gen)
    graph = StepGraph(egru)
    with torch.no_grad():
        outputs = graph(x, *flat_states)
        check_egru_against_reference(egru, x, flat_states, outputs)
    _activity_check(outputs, f"{len(hidden_sizes)}-layer step")
    input_names = ["x"] + state_input_names(len(hidden_sizes))
    output_names = state_output_names(len(hidden_sizes))
    model = export(graph, (x, *flat_states), input_names, output_names)
    sample = (list(zip(input_names, (x, *flat_states))),
              list(zip(output_names, outputs)))
    return model, sample


def build_lm_step_module(vocab_size=16, embedding_size=8, hidden_sizes=(16,),
                         seed=2):
    """The seeded LM behind egru_lm_step.onnxtxt (also the reference of the
    spnc-lm tests)."""
    torch.manual_seed(seed)
    return EGRULanguageModel(vocab_size, embedding_size, list(hidden_sizes)).eval()


def build_lm_step(vocab_size=16, embedding_size=8, hidden_sizes=(16,), seed=2):
    lm = build_lm_step_module(vocab_size, embedding_size, hidden_sizes, seed)
    gen = torch.Generator().manual_seed(seed + 1)
    token = torch.tensor([3], dtype=torch.int64)
    flat_states = random_states(hidden_sizes, gen)
    graph = LMStepGraph(lm)
    with torch.no_grad():
        outputs = graph(token, *flat_states)
    _activity_check(outputs[1:], "LM step")
    input_names = ["token"] + state_input_names(len(hidden_sizes))
    output_names = ["logits"] + state_output_names(len(hidden_sizes))
    model = export(graph, (token, *flat_states), input_names, output_names)
    sample = (list(zip(input_names, (token, *flat_states))),
              list(zip(output_names, outputs)))
    return model, sample


def test_data_files(stem, sample):
    """ONNX's test-data layout: <stem>/test_data_set_0/{input,output}_N.pb,
    TensorProtos named like the graph's inputs and outputs."""
    inputs, outputs = sample
    files = {}
    for kind, pairs in (("input", inputs), ("output", outputs)):
        for index, (name, tensor) in enumerate(pairs):
            proto = onnx.numpy_helper.from_array(tensor.detach().numpy(), name)
            path = os.path.join("test_data", stem, "test_data_set_0",
                                f"{kind}_{index}.pb")
            files[path] = proto.SerializeToString()
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", default=HERE)
    parser.add_argument("--check", action="store_true",
                        help="export in memory and compare with the files "
                             "in --out-dir instead of writing them")
    parser.add_argument("--text", action="store_true",
                        help="also write .onnxtxt versions of the step models")
    args = parser.parse_args()

    step1, sample1 = build_step([16])
    step2, sample2 = build_step([16, 16])
    lm, lm_sample = build_lm_step()
    models = {"egru_step.onnx": step1, "egru_step_2layer.onnx": step2}
    texts = {"egru_lm_step.onnxtxt": to_onnx_text(lm)}
    check_text_round_trip(lm, texts["egru_lm_step.onnxtxt"])
    if args.text:
        for name, model in list(models.items()):
            text = to_onnx_text(model)
            check_text_round_trip(model, text)
            texts[name + "txt"] = text
    data_files = {}
    for stem, sample in (("egru_step", sample1), ("egru_step_2layer", sample2),
                         ("egru_lm_step", lm_sample)):
        data_files.update(test_data_files(stem, sample))

    status = 0
    for name, model in models.items():
        path = os.path.join(args.out_dir, name)
        data = model.SerializeToString()
        if args.check:
            with open(path, "rb") as f:
                same = _canonical(onnx.load_from_string(f.read())) == _canonical(model)
            print(f"{path}: {'up to date' if same else 'DIFFERS'}")
            status |= not same
        else:
            with open(path, "wb") as f:
                f.write(data)
            print(f"wrote {path} ({len(data)} bytes)")
    for name, text in texts.items():
        path = os.path.join(args.out_dir, name)
        if args.check:
            with open(path) as f:
                same = f.read() == text
            print(f"{path}: {'up to date' if same else 'DIFFERS'}")
            status |= not same
        else:
            with open(path, "w") as f:
                f.write(text)
            print(f"wrote {path} ({len(text)} bytes)")
    for name, data in data_files.items():
        path = os.path.join(args.out_dir, name)
        if args.check:
            same = os.path.exists(path) and open(path, "rb").read() == data
            print(f"{path}: {'up to date' if same else 'DIFFERS'}")
            status |= not same
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    if not args.check:
        print(f"wrote {len(data_files)} test-data tensors under "
              f"{os.path.join(args.out_dir, 'test_data')}")
    return status


if __name__ == "__main__":
    sys.exit(main())
