//===- ONNXOps.td - The generic ONNX import dialect --------*- tablegen -*-===//
//
// The importer mirrors an ONNX graph one node to one op: `onnx.node` keeps the
// op type, domain, opset and converted attributes exactly as in the file, so
// the importer never needs to know an operator's semantics. Conversion
// patterns keyed by (domain, op type, opset range) give them meaning later.
//
//===----------------------------------------------------------------------===//

#ifndef SPNC_DIALECT_ONNX_ONNXOPS_TD
#define SPNC_DIALECT_ONNX_ONNXOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let summary = "A faithful, generic mirror of ONNX graph nodes";
  let description = [{
    Every ONNX node becomes one `onnx.node` op. Missing optional inputs are
    `onnx.absent` values so operand positions keep their ONNX meaning.
  }];
  let cppNamespace = "::spnc::onnxir";
}

class ONNX_Op<string mnemonic, list<Trait> traits = []>
    : Op<ONNX_Dialect, mnemonic, traits>;

def ONNX_NodeOp : ONNX_Op<"node", [Pure]> {
  let summary = "One ONNX node, uninterpreted";
  let description = [{
    `op_type`, `domain` (empty for the default `ai.onnx` domain) and `opset`
    (the version the model imports for that domain) select the conversion.
    `attrs` holds the node's attributes: INT as i64, FLOAT as f32, STRING as
    string, INTS/FLOATS as dense arrays, STRINGS as an array of strings and
    TENSOR as an elements attribute. The location is the node's name.

    ```mlir
    %y = onnx.node "Gemm"(%a, %b, %c) {opset = 13 : i64,
           attrs = {transB = 1 : i64}} : (tensor<2x4xf32>, tensor<3x4xf32>,
           tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins StrAttr:$op_type,
                       DefaultValuedStrAttr<StrAttr, "">:$domain,
                       I64Attr:$opset,
                       DefaultValuedAttr<DictionaryAttr, "{}">:$attrs,
                       Variadic<AnyType>:$inputs);
  let results = (outs Variadic<AnyType>:$outputs);
  let assemblyFormat = [{
    $op_type `(` $inputs `)` attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The input at `index`, or a null value when it is absent or omitted.
    ::mlir::Value getInputOrNull(unsigned index);
  }];
}

def ONNX_AbsentOp : ONNX_Op<"absent", [Pure]> {
  let summary = "A missing optional ONNX input";
  let results = (outs NoneType:$result);
  let assemblyFormat = "attr-dict";
}

#endif // SPNC_DIALECT_ONNX_ONNXOPS_TD
