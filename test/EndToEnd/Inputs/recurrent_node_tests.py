"""ONNX's GRU/LSTM/RNN node tests on the simulated SpiNNaker 2.

For each node test (a directory with model.onnx and test_data_set_0/):

1. Bind every graph input of the recurrent node other than X, initial_h and
   initial_c (the weights, biases, peepholes, sequence_lens) to the data
   set's tensors (--bind-input) and compile a deployment package of the
   one-step form (--sequence-to-step).
2. Run the package on the simulator over the test's sequence (X with its
   time axis moved to the front is the per-step input; the initial state,
   if the test gives one, is the state input), and the host reference of
   the same step model the same way: outputs must be equal bit for bit.
3. Recover ONNX's outputs from the steps as docs/StateConvention.md says
   (sequence outputs: the stacked steps with the step axis moved back to
   the output's time axis; final states: the last step's state output) and
   compare them bit for bit with the host running the original sequence
   model (no binding, no step form), and with ONNX's expected outputs at
   rtol 1e-3, atol 1e-7.
4. Run 50 steps of random inputs on the simulator and on the host
   reference of the step model: bit for bit.

Prints one PASS/FAIL line per test and a summary; exits 1 on a failure.

usage: recurrent_node_tests.py SPNC SPNC_RUN SPNC_COMPARE DATA_DIR WORK_DIR
       [TEST ...]
"""
import os
import re
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

RECURRENT_OPS = ("GRU", "LSTM", "RNN")
LONG_RUN_STEPS = 50


class Failure(Exception):
    pass


def run(command, what):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure("%s failed (%s):\n%s%s" % (what, " ".join(command),
                                                 result.stdout, result.stderr))
    return result.stdout


def read_pb(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def compare(tools, pairs, what, bitwise):
    command = [tools["compare"]]
    for actual, expected in pairs:
        command += [actual, expected]
    if bitwise:
        command.append("--bitwise")
    run(command, what)


def recurrent_node(model):
    nodes = [n for n in model.graph.node if n.op_type in RECURRENT_OPS]
    if len(nodes) != 1:
        raise Failure("expected one GRU/LSTM/RNN node, found %d" % len(nodes))
    return nodes[0]


def check_test(tools, test_dir, work):
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    node = recurrent_node(model)
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    layout = attrs.get("layout", 0)
    time_axis = 0 if layout == 0 else 1
    graph_inputs = [i.name for i in model.graph.input]
    graph_outputs = [o.name for o in model.graph.output]
    data_dir = os.path.join(test_dir, "test_data_set_0")
    data = {name: os.path.join(data_dir, "input_%d.pb" % k)
            for k, name in enumerate(graph_inputs)}
    expected = {name: os.path.join(data_dir, "output_%d.pb" % k)
                for k, name in enumerate(graph_outputs)}

    # ONNX input positions: X, W, R, B, sequence_lens, initial_h, initial_c, P.
    node_inputs = list(node.input) + [""] * (8 - len(node.input))
    x_name, initial_h, initial_c = node_inputs[0], node_inputs[5], node_inputs[6]
    state_sources = {initial_h, initial_c} - {""}
    bindings = ["--bind-input=%s=%s" % (name, data[name])
                for name in graph_inputs
                if name != x_name and name not in state_sources]
    step_options = bindings + ["--sequence-to-step"]

    # The state inputs of the step model (spnc-sequence-to-step's naming):
    # <output>_prev when the state is returned (Y_h, Y_c), else
    # spnc_state_<k>_prev for the k-th state (h, then c) in the loop's
    # shape [batch, hidden].
    outputs_of_node = list(node.output) + [""] * (3 - len(node.output))
    state_inputs = {}
    for k, (source, output) in enumerate(
            [(initial_h, outputs_of_node[1]), (initial_c, outputs_of_node[2])]):
        if not source:
            continue
        value = read_pb(data[source])
        if output in graph_outputs:
            state_inputs[output + "_prev"] = value
        else:
            # [num_directions, batch, hidden] (layout 0) or [batch,
            # num_directions, hidden] (layout 1) with one direction.
            state_inputs["spnc_state_%d_prev" % k] = value.reshape(
                value.shape[0] * value.shape[1], value.shape[2])

    x = read_pb(data[x_name])
    steps = x.shape[time_axis]
    x_steps = np.moveaxis(x, time_axis, 0)
    np.save(os.path.join(work, "x_steps.npy"), x_steps)
    state_args = []
    for name, value in state_inputs.items():
        path = os.path.join(work, name + ".npy")
        np.save(path, value)
        state_args += ["--input", "%s=%s" % (name, path)]

    model_path = os.path.join(test_dir, "model.onnx")
    package = os.path.join(work, "model.s2pkg")
    run([tools["spnc"], model_path, "-o", package] + step_options,
        "compiling the package")

    def simulate(x_file, count, out):
        text = run([tools["run"], package, "--input", "%s=%s" % (x_name, x_file),
                    "--steps", str(count), "--output-dir", out] + state_args,
                   "the simulator")
        pes = re.search(r"PEs active\s+(\d+)", text)
        return int(pes.group(1)) if pes else 0

    def host_steps(x_file, count, out):
        run([tools["run"], "--target=host", model_path, "--input",
             "%s=%s" % (x_name, x_file), "--steps", str(count),
             "--output-dir", out] + step_options + state_args,
            "the host reference (step model)")

    sim_dir = os.path.join(work, "sim")
    host_dir = os.path.join(work, "host-step")
    pes = simulate(os.path.join(work, "x_steps.npy"), steps, sim_dir)
    host_steps(os.path.join(work, "x_steps.npy"), steps, host_dir)
    step_outputs = sorted(f for f in os.listdir(host_dir) if f.endswith(".npy"))
    compare(tools, [(os.path.join(sim_dir, f), os.path.join(host_dir, f))
                    for f in step_outputs],
            "simulator against the host reference (step model)", bitwise=True)

    # ONNX's outputs from the steps: Y stacks the steps along its time
    # axis; Y_h (and Y_c) is the state after the last step.
    seq_dir = os.path.join(work, "host-sequence")
    run([tools["run"], "--target=host", model_path, "--output-dir", seq_dir] +
        sum([["--input", "%s=%s" % (name, path)] for name, path in data.items()],
            []),
        "the host reference (sequence model)")
    recovered_dir = os.path.join(work, "recovered")
    os.makedirs(recovered_dir, exist_ok=True)
    y_name, yh_name, yc_name = outputs_of_node
    to_sequence, to_original, to_expected = [], [], []
    for name in graph_outputs:
        stacked = np.load(os.path.join(sim_dir, name + ".npy"))
        if name == y_name:
            value = np.moveaxis(stacked, 0, time_axis)
        elif name in (yh_name, yc_name):
            value = stacked[-1]
        else:
            raise Failure("output '%s' is not an output of the node" % name)
        path = os.path.join(recovered_dir, name + ".npy")
        np.save(path, value)
        to_original.append((path, os.path.join(seq_dir, name + ".npy")))
        to_expected.append((path, expected[name]))
    compare(tools, to_original,
            "recovered outputs against the host's sequence model", bitwise=True)
    compare(tools, to_expected, "recovered outputs against ONNX's expected",
            bitwise=False)

    # A longer run from the same initial state.
    rng = np.random.default_rng(2024)
    long_x = rng.standard_normal((LONG_RUN_STEPS,) + x_steps.shape[1:])
    long_file = os.path.join(work, "x_long.npy")
    np.save(long_file, long_x.astype(x.dtype))
    long_sim = os.path.join(work, "sim-long")
    long_host = os.path.join(work, "host-long")
    simulate(long_file, LONG_RUN_STEPS, long_sim)
    host_steps(long_file, LONG_RUN_STEPS, long_host)
    compare(tools, [(os.path.join(long_sim, f), os.path.join(long_host, f))
                    for f in step_outputs],
            "simulator against the host reference over %d steps"
            % LONG_RUN_STEPS, bitwise=True)
    batch = x.shape[1 - time_axis]
    return "%d step(s), batch %d, %d PEs; %d random steps bit-exact" % (
        steps, batch, pes, LONG_RUN_STEPS)


def main(argv):
    if len(argv) < 6:
        sys.stderr.write(__doc__)
        return 2
    tools = {"spnc": argv[1], "run": argv[2], "compare": argv[3]}
    data_dir, work_dir = argv[4], argv[5]
    names = argv[6:] or sorted(
        d for d in os.listdir(data_dir)
        if re.match(r"test_(gru|lstm|rnn|simple_rnn)_", d))
    failed = 0
    for name in names:
        work = os.path.join(work_dir, name)
        os.makedirs(work, exist_ok=True)
        try:
            summary = check_test(tools, os.path.join(data_dir, name), work)
            print("PASS: %s: %s" % (name, summary))
        except Failure as error:
            failed += 1
            print("FAIL: %s: %s" % (name, error))
        sys.stdout.flush()
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
