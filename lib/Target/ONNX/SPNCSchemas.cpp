//===- SPNCSchemas.cpp - ONNX schemas of spnc's custom operators ----------===//
//
// Registering real schemas (instead of letting custom nodes through
// unchecked) makes the ONNX checker validate their arity and types and lets
// shape inference type their outputs. The operators are documented in
// docs/CustomOperators.md.
//
//===----------------------------------------------------------------------===//
#include "spnc/Target/ONNX/ImportONNX.h"

#include <onnx/defs/schema.h>
#include <onnx/defs/shape_inference.h>

#include <mutex>

namespace spnc {

static const char *const kSPNCDomain = "ai.spnc";

static void inferEGRUShapes(onnx::InferenceContext &ctx) {
  for (size_t output = 0; output < ctx.getNumOutputs(); ++output)
    onnx::propagateElemTypeFromInputToOutput(ctx, 0, output);
  if (!onnx::hasInputShape(ctx, 0))
    return;
  const onnx::TensorShapeProto &xShape = onnx::getInputShape(ctx, 0);
  if (xShape.dim_size() != 3)
    fail_shape_inference("EGRU input X must have rank 3 [seq, batch, input]");
  const auto *hiddenSize = ctx.getAttribute("hidden_size");
  if (!hiddenSize || hiddenSize->i() <= 0)
    fail_shape_inference("EGRU requires a positive 'hidden_size' attribute");
  onnx::TensorShapeProto_Dimension hidden;
  hidden.set_dim_value(hiddenSize->i());
  if (ctx.getNumOutputs() > 0)
    onnx::updateOutputShape(ctx, 0, {xShape.dim(0), xShape.dim(1), hidden});
  for (size_t output = 1; output < ctx.getNumOutputs(); ++output)
    onnx::updateOutputShape(ctx, output, {xShape.dim(1), hidden});
}

void registerSPNCONNXSchemas() {
  static std::once_flag once;
  std::call_once(once, [] {
    onnx::OpSchemaRegistry::DomainToVersionRange::Instance().AddDomainToVersion(
        kSPNCDomain, 1, 1);
    onnx::OpSchema egru;
    egru.SetName("EGRU")
        .SetDomain(kSPNCDomain)
        .SinceVersion(1)
        .SetDoc("Event-based GRU over a sequence; see docs/CustomOperators.md.")
        .Attr("hidden_size", "Number of units H.",
              onnx::AttributeProto::INT, /*required=*/true)
        .Input(0, "X", "Input sequence [seq_length, batch, input_size].", "T")
        .Input(1, "W", "Input weights [3*H, input_size], gates z, r, g.", "T")
        .Input(2, "R", "Recurrent weights [3*H, H], gates z, r, g.", "T")
        .Input(3, "B", "Biases [6*H]: input biases then recurrent biases.",
               "T", onnx::OpSchema::Optional)
        .Input(4, "threshold", "Per-unit threshold [H], clamped to [0, 1].",
               "T")
        .Input(5, "initial_c", "Initial internal state [batch, H].", "T",
               onnx::OpSchema::Optional)
        .Input(6, "initial_y", "Initial event output [batch, H].", "T",
               onnx::OpSchema::Optional)
        .Output(0, "Y", "Event outputs of every step [seq_length, batch, H].",
                "T", onnx::OpSchema::Optional)
        .Output(1, "Y_c", "Internal state after the last step [batch, H].",
                "T", onnx::OpSchema::Optional)
        .Output(2, "Y_y", "Event output of the last step [batch, H].", "T",
                onnx::OpSchema::Optional)
        .TypeConstraint("T", {"tensor(float16)", "tensor(float)",
                              "tensor(double)"},
                        "Floating-point tensors.")
        .TypeAndShapeInferenceFunction(inferEGRUShapes);
    onnx::RegisterSchema(std::move(egru));
  });
}

} // namespace spnc
