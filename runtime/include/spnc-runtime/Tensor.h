//===- Tensor.h - Host tensors and their file formats -----------*- C++ -*-===//
//
// The tensors that runners feed to and read from a model, and the two file
// formats users hand them over in: NumPy's .npy and ONNX's TensorProto .pb
// (the format of ONNX's own test data). No MLIR in here: the simulator
// runtime links it too.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_TENSOR_H
#define SPNC_RUNTIME_TENSOR_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace spnc::rt {

/// BF16 (bfloat16) holds its 16 raw bits. .npy has no bfloat16 type: writeNpy
/// refuses it and encodeNpy returns "".
enum class DType { F16, F32, F64, I8, I16, I32, I64, U8, U16, U32, U64, Bool, BF16 };

/// Bytes per element.
size_t dtypeSize(DType dtype);
/// "float32", "int64", ... as NumPy names them.
const char *dtypeName(DType dtype);

/// A dense, row-major, little-endian tensor.
struct Tensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;

  Tensor() = default;
  Tensor(DType dtype, std::vector<int64_t> shape);

  size_t numElements() const;
  template <typename T> T *as() { return reinterpret_cast<T *>(data.data()); }
  template <typename T> const T *as() const {
    return reinterpret_cast<const T *>(data.data());
  }
  /// "float32[2, 3]".
  std::string describe() const;
};

/// Element `index` of `tensor` as a double: exact for every floating-point
/// type (f16 and bf16 included) and for integers up to 2^53; bools are 0/1.
double elementAsDouble(const Tensor &tensor, size_t index);

/// "[i, j, k]": the row-major index of flat element `flat` in `shape`.
std::string formatIndex(const std::vector<int64_t> &shape, size_t flat);

/// Result of a read: empty `error` on success.
struct TensorReadResult {
  Tensor tensor;
  std::string name; // the TensorProto's name; empty for .npy
  std::string error;
  explicit operator bool() const { return error.empty(); }
};

TensorReadResult readNpy(const std::string &path);
TensorReadResult readNpyBuffer(const std::string &bytes,
                               const std::string &sourceName);
/// Writes NumPy format version 1.0. Returns an error message or "".
std::string writeNpy(const std::string &path, const Tensor &tensor);
std::string encodeNpy(const Tensor &tensor);

/// Reads a serialized onnx.TensorProto (raw_data or typed fields).
TensorReadResult readTensorProto(const std::string &path);
TensorReadResult readTensorProtoBuffer(const std::string &bytes,
                                       const std::string &sourceName);

/// Picks the format from the extension: .npy or .pb.
TensorReadResult readTensorFile(const std::string &path);

} // namespace spnc::rt

#endif // SPNC_RUNTIME_TENSOR_H
