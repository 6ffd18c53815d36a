//===- TensorProto.cpp - ONNX TensorProto files ---------------------------===//
#include "spnc-runtime/Tensor.h"

#include <onnx/onnx_pb.h>

#include <cstring>

namespace spnc::rt {

namespace {

TensorReadResult fail(const std::string &source, const std::string &what) {
  TensorReadResult result;
  result.error = "'" + source + "': " + what;
  return result;
}

bool toDType(int32_t dataType, DType &dtype) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT: dtype = DType::F32; return true;
  case onnx::TensorProto::DOUBLE: dtype = DType::F64; return true;
  case onnx::TensorProto::FLOAT16: dtype = DType::F16; return true;
  case onnx::TensorProto::BFLOAT16: dtype = DType::BF16; return true;
  case onnx::TensorProto::INT8: dtype = DType::I8; return true;
  case onnx::TensorProto::INT16: dtype = DType::I16; return true;
  case onnx::TensorProto::INT32: dtype = DType::I32; return true;
  case onnx::TensorProto::INT64: dtype = DType::I64; return true;
  case onnx::TensorProto::UINT8: dtype = DType::U8; return true;
  case onnx::TensorProto::UINT16: dtype = DType::U16; return true;
  case onnx::TensorProto::UINT32: dtype = DType::U32; return true;
  case onnx::TensorProto::UINT64: dtype = DType::U64; return true;
  case onnx::TensorProto::BOOL: dtype = DType::Bool; return true;
  default: return false;
  }
}

/// Stores the typed repeated `field` as elements of type `Storage`.
template <typename Storage, typename Field>
void copyField(const Field &field, std::vector<uint8_t> &data) {
  data.resize(static_cast<size_t>(field.size()) * sizeof(Storage));
  auto *out = reinterpret_cast<Storage *>(data.data());
  for (int i = 0; i < field.size(); ++i)
    out[i] = static_cast<Storage>(field.Get(i));
}

} // namespace

TensorReadResult readTensorProtoBuffer(const std::string &bytes,
                                       const std::string &source) {
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes))
    return fail(source, "not a serialized onnx.TensorProto");
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return fail(source, "external tensor data is not supported");
  TensorReadResult result;
  result.name = proto.name();
  Tensor &tensor = result.tensor;
  if (!toDType(proto.data_type(), tensor.dtype))
    return fail(source, "unsupported TensorProto data type " +
                            std::to_string(proto.data_type()));
  for (int64_t dim : proto.dims()) {
    if (dim < 0)
      return fail(source, "negative dimension");
    tensor.shape.push_back(dim);
  }
  if (proto.has_raw_data()) {
    tensor.data.assign(proto.raw_data().begin(), proto.raw_data().end());
  } else {
    switch (tensor.dtype) {
    case DType::F32: copyField<float>(proto.float_data(), tensor.data); break;
    case DType::F64: copyField<double>(proto.double_data(), tensor.data); break;
    case DType::I64: copyField<int64_t>(proto.int64_data(), tensor.data); break;
    case DType::U32: copyField<uint32_t>(proto.uint64_data(), tensor.data); break;
    case DType::U64: copyField<uint64_t>(proto.uint64_data(), tensor.data); break;
    case DType::I32: copyField<int32_t>(proto.int32_data(), tensor.data); break;
    case DType::I16: copyField<int16_t>(proto.int32_data(), tensor.data); break;
    case DType::U16:
    case DType::F16:
    case DType::BF16: copyField<uint16_t>(proto.int32_data(), tensor.data); break;
    case DType::I8: copyField<int8_t>(proto.int32_data(), tensor.data); break;
    case DType::U8:
    case DType::Bool: copyField<uint8_t>(proto.int32_data(), tensor.data); break;
    }
  }
  size_t expected = tensor.numElements() * dtypeSize(tensor.dtype);
  if (tensor.data.size() != expected)
    return fail(source, "holds " + std::to_string(tensor.data.size()) +
                            " bytes of data but " + tensor.describe() +
                            " needs " + std::to_string(expected));
  return result;
}

} // namespace spnc::rt
