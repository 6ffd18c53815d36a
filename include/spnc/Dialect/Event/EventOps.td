//===- EventOps.td - Event-based recurrent computation -----*- tablegen -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTOPS_TD
#define SPNC_DIALECT_EVENT_EVENTOPS_TD

include "spnc/Dialect/Event/EventDialect.td"
include "spnc/Dialect/Event/EventAttrs.td"
include "spnc/Dialect/Event/EventTypes.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Event_Tensor : StaticShapeTensorOf<[AnyFloat]>;
def Event_BatchTensor : RankedTensorOf<[AnyFloat],
    [HasStaticShapePred, HasAnyRankOfPred<[1, 2]>],
    "statically shaped 1D/2D tensor">;
def Event_Matrix : RankedTensorOf<[AnyFloat],
    [HasStaticShapePred, HasAnyRankOfPred<[2]>], "statically shaped 2D tensor">;
def Event_Vector : RankedTensorOf<[AnyFloat],
    [HasStaticShapePred, HasAnyRankOfPred<[1]>], "statically shaped 1D tensor">;

def Event_IsEventsPred : CPred<"::llvm::isa<::spnc::event::EventsType>($_self)">;
class Event_EventsOf<list<Pred> preds, string summary>
    : Type<And<!listconcat([Event_IsEventsPred], preds)>, summary,
           "::spnc::event::EventsType">;
def Event_IsBatchPred : CPred<
    "::llvm::cast<::spnc::event::EventsType>($_self).getRank() <= 2">;
def Event_IsBinaryPred : CPred<
    "::llvm::cast<::spnc::event::EventsType>($_self).getBinary()">;

def Event_Events : Event_EventsOf<[], "events">;
def Event_BatchEvents : Event_EventsOf<[Event_IsBatchPred], "1D/2D events">;
def Event_BinaryEvents : Event_EventsOf<[Event_IsBinaryPred], "binary events">;
def Event_GradedEvents
    : Event_EventsOf<[Neg<Event_IsBinaryPred>], "graded (non-binary) events">;
def Event_BatchGradedEvents : Event_EventsOf<
    [Event_IsBatchPred, Neg<Event_IsBinaryPred>],
    "1D/2D graded (non-binary) events">;

// Activation lists with a default built by getActivationArray().
class Event_ActivationArrayWithDefault<string kinds>
    : DefaultValuedAttr<Event_ActivationArrayAttr, kinds> {
  let constBuilderCall =
      "::spnc::event::getActivationArray($_builder.getContext(), $0)";
}
def Event_ActivationWithDefault
    : DefaultValuedAttr<Event_ActivationAttr, "::spnc::event::ActivationKind::tanh"> {
  let constBuilderCall =
      "::spnc::event::ActivationAttr::get($_builder.getContext(), $0)";
}

//===----------------------------------------------------------------------===//
// Cell steps
//===----------------------------------------------------------------------===//

class Event_CellOp<string mnemonic, list<Trait> traits = []>
    : Event_Op<mnemonic, !listconcat([Pure, InferTypeOpAdaptor], traits)> {
  let hasVerifier = 1;
}

def Event_EGRUStepOp : Event_CellOp<"egru_step"> {
  let summary = "One step of an event-based GRU (EGRU)";
  let description = [{
    Gates along `3H` are ordered z (update), r (reset), g (candidate). The
    recurrence reads the event output `y_prev`, not the internal state:

    ```
    a  = W x + bx                  b = R y_prev + br
    z  = sigmoid(a_z + b_z)        r = sigmoid(a_r + b_r)
    g  = tanh(a_g + r * b_g)
    c' = z * c_prev + (1 - z) * g
    o  = c' > theta                (strict: 0 at equality)
    y  = c' * o                    (graded events)
    c  = c' - o * theta            (soft reset)
    ```

    `theta` is used as given; whoever builds the op clamps it. `x` is dense or
    events (the events of a previous layer); `W x` and `R y_prev` only touch
    the columns of the inputs that fired. Shapes: x `[B, I]`, y_prev and c
    `[B, H]` (or unbatched `[I]`, `[H]`), W `[3H, I]`, R `[3H, H]`, bx and br
    `[3H]`, theta `[H]`.

    ```mlir
    %y, %c = event.egru_step %x, %y0, %c0 weights(%W, %R) bias(%bx, %br)
               threshold(%theta) : tensor<2x4xf32>, !event.events<2x8xf32>,
               tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>,
               tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
    ```
  }];
  let arguments = (ins
      AnyTypeOf<[Event_BatchTensor, Event_BatchEvents],
                "1D/2D tensor or events">:$x,
      Event_BatchGradedEvents:$y_prev,
      Event_BatchTensor:$c_prev,
      Event_Matrix:$W, Event_Matrix:$R,
      Event_Vector:$bx, Event_Vector:$br,
      Event_Vector:$theta);
  let results = (outs Event_BatchGradedEvents:$y, Event_BatchTensor:$c);
  let assemblyFormat = [{
    $x `,` $y_prev `,` $c_prev `weights` `(` $W `,` $R `)`
    `bias` `(` $bx `,` $br `)` `threshold` `(` $theta `)` attr-dict
    `:` type(operands)
  }];
}

def Event_GRUStepOp : Event_CellOp<"gru_step"> {
  let summary = "One step of an ONNX GRU";
  let description = [{
    ONNX GRU semantics for one direction and one time step. Gates along `3H`
    are ordered z, r, h; `activations` are (f, g), default (sigmoid, tanh):

    ```
    z  = f(W_z x + bx_z + R_z h + br_z)
    r  = f(W_r x + bx_r + R_r h + br_r)
    h~ = g(W_h x + bx_h + R_h (r * h) + br_h)      linear_before_reset = false
    h~ = g(W_h x + bx_h + r * (R_h h + br_h))      linear_before_reset = true
    h' = (1 - z) * h~ + z * h
    ```

    With `clip`, every activation input is first clamped to [-clip, clip].
    Shapes: x `[B, I]`, h `[B, H]` (or `[I]`, `[H]`), W `[3H, I]`,
    R `[3H, H]`, bx and br `[3H]`.
  }];
  let arguments = (ins
      Event_BatchTensor:$x, Event_BatchTensor:$h,
      Event_Matrix:$W, Event_Matrix:$R,
      Event_Vector:$bx, Event_Vector:$br,
      DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset,
      OptionalAttr<F32Attr>:$clip,
      Event_ActivationArrayWithDefault<
          "{::spnc::event::ActivationKind::sigmoid, "
          "::spnc::event::ActivationKind::tanh}">:$activations);
  let results = (outs Event_BatchTensor:$h_next);
  let assemblyFormat = [{
    $x `,` $h `weights` `(` $W `,` $R `)` `bias` `(` $bx `,` $br `)` attr-dict
    `:` type(operands)
  }];
}

def Event_LSTMStepOp : Event_CellOp<"lstm_step"> {
  let summary = "One step of an ONNX LSTM";
  let description = [{
    ONNX LSTM semantics for one direction and one time step. Gates along `4H`
    are ordered i, o, f, c; the optional peephole `P` `[3H]` is ordered
    i, o, f. `activations` are (f, g, h), default (sigmoid, tanh, tanh):

    ```
    i  = f(W_i x + bx_i + R_i h + br_i + P_i * c)
    f  = f(W_f x + bx_f + R_f h + br_f + P_f * c)    (1 - i if input_forget)
    c~ = g(W_c x + bx_c + R_c h + br_c)
    c' = f * c + i * c~
    o  = f(W_o x + bx_o + R_o h + br_o + P_o * c')
    h' = o * h(c')
    ```

    With `clip`, every activation input (including c' before h) is first
    clamped to [-clip, clip]; c' itself is not clipped. Shapes: x `[B, I]`,
    h and c `[B, H]` (or `[I]`, `[H]`), W `[4H, I]`, R `[4H, H]`, bx and br
    `[4H]`.
  }];
  let arguments = (ins
      Event_BatchTensor:$x, Event_BatchTensor:$h, Event_BatchTensor:$c,
      Event_Matrix:$W, Event_Matrix:$R,
      Event_Vector:$bx, Event_Vector:$br,
      Optional<Event_Vector>:$P,
      OptionalAttr<F32Attr>:$clip,
      Event_ActivationArrayWithDefault<
          "{::spnc::event::ActivationKind::sigmoid, "
          "::spnc::event::ActivationKind::tanh, "
          "::spnc::event::ActivationKind::tanh}">:$activations,
      DefaultValuedAttr<BoolAttr, "false">:$input_forget);
  let results = (outs Event_BatchTensor:$h_next, Event_BatchTensor:$c_next);
  let assemblyFormat = [{
    $x `,` $h `,` $c `weights` `(` $W `,` $R `)` `bias` `(` $bx `,` $br `)`
    (`peephole` `(` $P^ `)`)? attr-dict `:` type(operands)
  }];
}

def Event_RNNStepOp : Event_CellOp<"rnn_step"> {
  let summary = "One step of an ONNX (Elman) RNN";
  let description = [{
    `h' = f(W x + bx + R h + br)` with `f = activation` (default tanh); with
    `clip` the input of f is first clamped to [-clip, clip]. Shapes:
    x `[B, I]`, h `[B, H]` (or `[I]`, `[H]`), W `[H, I]`, R `[H, H]`, bx and
    br `[H]`.
  }];
  let arguments = (ins
      Event_BatchTensor:$x, Event_BatchTensor:$h,
      Event_Matrix:$W, Event_Matrix:$R,
      Event_Vector:$bx, Event_Vector:$br,
      Event_ActivationWithDefault:$activation,
      OptionalAttr<F32Attr>:$clip);
  let results = (outs Event_BatchTensor:$h_next);
  let assemblyFormat = [{
    $x `,` $h `weights` `(` $W `,` $R `)` `bias` `(` $bx `,` $br `)` attr-dict
    `:` type(operands)
  }];
}

def Event_WKVStepOp : Event_CellOp<"wkv_step", [
    AllTypesMatch<["k", "v", "aa", "bb", "pp"]>, AllTypesMatch<["w", "u"]>]> {
  let summary = "One step of the RWKV time-mixing (WKV) recurrence";
  let description = [{
    The numerically stable RNN form used by SpikeGPT; `w` is the already
    negated decay (`-exp(time_decay)`), `u` the bonus (`time_first`):

    ```
    q = max(pp, u + k);  e1 = exp(pp - q);  e2 = exp(u + k - q)
    wkv = (e1 * aa + e2 * v) / (e1 * bb + e2)
    q = max(pp + w, k);  e1 = exp(pp + w - q);  e2 = exp(k - q)
    aa' = e1 * aa + e2 * v;  bb' = e1 * bb + e2;  pp' = q
    ```

    k, v, aa, bb, pp and all results share one type (`[B, C]` or `[C]`);
    w and u are per channel: `[C]` or the same shape as k.
  }];
  let arguments = (ins Event_Tensor:$k, Event_Tensor:$v,
                       Event_Tensor:$w, Event_Tensor:$u,
                       Event_Tensor:$aa, Event_Tensor:$bb, Event_Tensor:$pp);
  let results = (outs Event_Tensor:$wkv, Event_Tensor:$aa_next,
                      Event_Tensor:$bb_next, Event_Tensor:$pp_next);
  let assemblyFormat = [{
    $k `,` $v `,` $w `,` $u `,` $aa `,` $bb `,` $pp attr-dict
    `:` type($k) `,` type($w)
  }];
}

//===----------------------------------------------------------------------===//
// Event generation and consumption
//===----------------------------------------------------------------------===//

def Event_ThresholdOp : Event_Op<"threshold",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Threshold crossing with soft reset (EGRU)";
  let description = [{
    ```
    o  = v > theta          (strict: 0 at equality)
    y  = v * o              (graded events)
    v' = v - o * theta
    ```

    `theta` has the shape of `v` or is per unit, `[H]` for `v` `[..., H]`.

    ```mlir
    %y, %v1 = event.threshold %v, %theta : tensor<2x8xf32>, tensor<8xf32>
    ```
  }];
  let arguments = (ins Event_Tensor:$v, Event_Tensor:$theta);
  let results = (outs Event_GradedEvents:$y, Event_Tensor:$v_next);
  let assemblyFormat = "$v `,` $theta attr-dict `:` type($v) `,` type($theta)";
  let hasVerifier = 1;
}

def Event_LIFOp : Event_Op<"lif", [Pure, InferTypeOpAdaptor,
    AllTypesMatch<["input", "v"]>]> {
  let summary = "Leaky integrate-and-fire neurons with hard reset";
  let description = [{
    ```
    v1 = v + (input - v) / tau
    s  = v1 >= v_threshold  (binary events)
    v' = s ? v_reset : v1
    ```

    `input` and `v` have the same type.

    ```mlir
    %s, %v1 = event.lif %x, %v {tau = 2.0 : f32} : tensor<512xf32>
    ```
  }];
  let arguments = (ins Event_Tensor:$input, Event_Tensor:$v,
                       DefaultValuedAttr<F32Attr, "2.0f">:$tau,
                       DefaultValuedAttr<F32Attr, "1.0f">:$v_threshold,
                       DefaultValuedAttr<F32Attr, "0.0f">:$v_reset);
  let results = (outs Event_BinaryEvents:$spikes, Event_Tensor:$v_next);
  let assemblyFormat = "$input `,` $v attr-dict `:` type($v)";
  let hasVerifier = 1;
}

def Event_HeavisideOp : Event_Op<"heaviside", [Pure, InferTypeOpAdaptor]> {
  let summary = "Spikes where the input is positive";
  let description = [{
    `s = x > 0` when `strict` (the default; H(0) = 0), `s = x >= 0`
    otherwise. The result is binary events of the shape of `x`.
  }];
  let arguments = (ins Event_Tensor:$x,
                       DefaultValuedAttr<BoolAttr, "true">:$strict);
  let results = (outs Event_BinaryEvents:$spikes);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

def Event_AccumulateOp : Event_Op<"accumulate", [Pure, InferTypeOpAdaptor]> {
  let summary = "Event-driven matrix-vector product";
  let description = [{
    `y = sum over fired j of x_j * W[:, j]`, i.e. `W x` computed by visiting
    only the columns of the inputs that fired. W is `[M, N]`, x is `[N]` or
    `[B, N]`, the result `[M]` or `[B, M]`.

    ```mlir
    %y = event.accumulate %W, %s : tensor<8x16xf32>, !event.events<2x16xf32, binary>
    ```
  }];
  let arguments = (ins Event_Matrix:$weights, Event_BatchEvents:$input);
  let results = (outs Event_BatchTensor:$result);
  let assemblyFormat =
      [{
    $weights `,` $input attr-dict `:` type($weights) `,` qualified(type($input))
  }];
  let hasVerifier = 1;
}

def Event_DequantizeOp : Event_Op<"dequantize", [Pure]> {
  let summary = "Integer weights with per-row scales as floats";
  let description = [{
    `result[i, j] = sitofp(quantized[i, j]) * scales[i]`: the int8 form of a
    weight matrix that `event-quantize-weights` produces. Converting an i8
    to float is exact, so each weight is rounded once, by the multiply; the
    host and SpiNNaker 2 compute the same floats. `quantized` is `[M, N]`,
    `scales` `[M]`, the result `[M, N]` with the element type of `scales`.

    ```mlir
    %W = event.dequantize %q, %s : tensor<8x16xi8>, tensor<8xf32> -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins
      RankedTensorOf<[I8], [HasStaticShapePred, HasAnyRankOfPred<[2]>],
                     "statically shaped 2D tensor of i8">:$quantized,
      Event_Vector:$scales);
  let results = (outs Event_Matrix:$result);
  let assemblyFormat = [{
    $quantized `,` $scales attr-dict `:` type($quantized) `,` type($scales)
    `->` type($result)
  }];
  let hasVerifier = 1;
}

def Event_ToDenseOp : Event_Op<"to_dense", [Pure, InferTypeOpAdaptor]> {
  let summary = "Events as a dense tensor (zeros where nothing fired)";
  let arguments = (ins Event_Events:$input);
  let results = (outs Event_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input))";
  let hasFolder = 1;
}

def Event_FromDenseOp : Event_Op<"from_dense", [Pure]> {
  let summary = "A dense tensor as events (non-zero entries fire)";
  let description = [{
    The result type gives the marker: converting to `binary` events asserts
    that every value is 0 or 1.
  }];
  let arguments = (ins Event_Tensor:$input);
  let results = (outs Event_Events:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent state
//===----------------------------------------------------------------------===//

def Event_StateOp : Event_Op<"state", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "Recurrent state that lives across invocations";
  let description = [{
    A named, module-level piece of state (a dense tensor or events), e.g. the
    hidden state an EGRU carries from one token to the next. It starts as
    `initial_value` (with the shape and element type of the state) or zeros.

    ```mlir
    event.state @h0 : tensor<1x128xf32>
    event.state @pp : tensor<512xf32> = dense<-1.0e+30>
    event.state @y0 : !event.events<128xf32, binary>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttr:$type,
                       OptionalAttr<ElementsAttr>:$initial_value);
  let assemblyFormat = [{
    $sym_name attr-dict `:` custom<StateTypeAndInitialValue>($type,
                                                             $initial_value)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The type of the initial value: the state type, or its dense type for
    /// events.
    ::mlir::RankedTensorType getDenseType();
  }];
}

def Event_StateReadOp : Event_Op<"state_read", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "Reads a recurrent state";
  let arguments = (ins FlatSymbolRefAttr:$state);
  let results = (outs AnyTypeOf<[Event_Tensor, Event_Events]>:$result);
  let assemblyFormat = "$state attr-dict `:` type($result)";
}

def Event_StateWriteOp : Event_Op<"state_write", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "Writes a recurrent state";
  let arguments = (ins AnyTypeOf<[Event_Tensor, Event_Events]>:$value,
                       FlatSymbolRefAttr:$state);
  let assemblyFormat = "$value `,` $state attr-dict `:` type($value)";
}

#endif // SPNC_DIALECT_EVENT_EVENTOPS_TD
