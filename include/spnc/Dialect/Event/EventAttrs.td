//===- EventAttrs.td - Attributes of the event dialect -----*- tablegen -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTATTRS_TD
#define SPNC_DIALECT_EVENT_EVENTATTRS_TD

include "spnc/Dialect/Event/EventDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Event_ActivationKind : I32Enum<"ActivationKind",
    "an RNN activation function", [
      I32EnumCase<"relu", 0>,
      I32EnumCase<"tanh", 1>,
      I32EnumCase<"sigmoid", 2>,
      I32EnumCase<"affine", 3>,
      I32EnumCase<"leaky_relu", 4>,
      I32EnumCase<"thresholded_relu", 5>,
      I32EnumCase<"scaled_tanh", 6>,
      I32EnumCase<"hard_sigmoid", 7>,
      I32EnumCase<"elu", 8>,
      I32EnumCase<"softsign", 9>,
      I32EnumCase<"softplus", 10>
    ]> {
  let cppNamespace = "::spnc::event";
}

def Event_ActivationAttr : AttrDef<Event_Dialect, "Activation"> {
  let mnemonic = "activation";
  let summary = "An activation function of an RNN cell (ONNX's list)";
  let description = [{
    One of the activation functions the ONNX RNN operators accept, with its
    parameters:

    | kind | function | parameters (default) |
    | --- | --- | --- |
    | `relu` | max(0, x) | |
    | `tanh` | tanh(x) | |
    | `sigmoid` | 1 / (1 + e^-x) | |
    | `affine` | alpha * x + beta | alpha (1), beta (0) |
    | `leaky_relu` | x >= 0 ? x : alpha * x | alpha (0.01) |
    | `thresholded_relu` | x > alpha ? x : 0 | alpha (1) |
    | `scaled_tanh` | alpha * tanh(beta * x) | alpha (1), beta (1) |
    | `hard_sigmoid` | min(max(alpha * x + beta, 0), 1) | alpha (0.2), beta (0.5) |
    | `elu` | x >= 0 ? x : alpha * (e^x - 1) | alpha (1) |
    | `softsign` | x / (1 + abs(x)) | |
    | `softplus` | log(1 + e^x) | |

    Parameters are f32 and always printed; omitted ones take their default.

    ```mlir
    #event.activation<tanh>
    #event.activation<leaky_relu, alpha = 1.000000e-01>
    #event.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>
    ```
  }];
  let parameters = (ins EnumParameter<Event_ActivationKind>:$kind,
                        APFloatParameter<"alpha (0 when unused)">:$alpha,
                        APFloatParameter<"beta (0 when unused)">:$beta);
  let skipDefaultBuilders = 1;
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind)>,
    AttrBuilder<(ins "ActivationKind":$kind, "float":$alpha, "float":$beta)>
  ];
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    float getAlphaValue() const { return getAlpha().convertToFloat(); }
    float getBetaValue() const { return getBeta().convertToFloat(); }
  }];
}

def Event_ActivationArrayAttr
    : TypedArrayAttrBase<Event_ActivationAttr, "activation functions">;

#endif // SPNC_DIALECT_EVENT_EVENTATTRS_TD
