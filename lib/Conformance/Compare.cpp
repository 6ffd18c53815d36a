//===- Compare.cpp - Outputs against ONNX's expected data -----------------===//
#include "spnc/Conformance/Conformance.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace spnc;
using namespace spnc::conformance;

namespace {

bool isFloat(rt::DType dtype) {
  return dtype == rt::DType::F16 || dtype == rt::DType::BF16 ||
         dtype == rt::DType::F32 || dtype == rt::DType::F64;
}

bool isUnsigned(rt::DType dtype) {
  return dtype == rt::DType::U8 || dtype == rt::DType::U16 ||
         dtype == rt::DType::U32 || dtype == rt::DType::U64;
}

template <typename T> T load(const rt::Tensor &tensor, size_t index) {
  T value;
  std::memcpy(&value, tensor.data.data() + index * sizeof(T), sizeof(T));
  return value;
}

/// An integer or bool element, sign- or zero-extended to 64 bits.
uint64_t intElement(const rt::Tensor &tensor, size_t index) {
  switch (tensor.dtype) {
  case rt::DType::Bool:
    return load<uint8_t>(tensor, index) != 0;
  case rt::DType::I8:
    return static_cast<uint64_t>(int64_t(load<int8_t>(tensor, index)));
  case rt::DType::I16:
    return static_cast<uint64_t>(int64_t(load<int16_t>(tensor, index)));
  case rt::DType::I32:
    return static_cast<uint64_t>(int64_t(load<int32_t>(tensor, index)));
  case rt::DType::I64:
    return static_cast<uint64_t>(load<int64_t>(tensor, index));
  case rt::DType::U8:
    return load<uint8_t>(tensor, index);
  case rt::DType::U16:
    return load<uint16_t>(tensor, index);
  case rt::DType::U32:
    return load<uint32_t>(tensor, index);
  default:
    return load<uint64_t>(tensor, index);
  }
}

/// bfloat16 bit patterns on a line where adjacent values differ by one.
int32_t orderedBFloat16(uint16_t bits) {
  int32_t magnitude = bits & 0x7fff;
  return (bits & 0x8000) ? -magnitude : magnitude;
}

std::string formatInt(uint64_t value, rt::DType dtype) {
  if (isUnsigned(dtype) || dtype == rt::DType::Bool)
    return std::to_string(value);
  return std::to_string(static_cast<int64_t>(value));
}

} // namespace

Comparison spnc::conformance::compareTensors(const rt::Tensor &actual,
                                             const rt::Tensor &expected,
                                             const Tolerance &tolerance) {
  Comparison result;
  if (actual.dtype != expected.dtype || actual.shape != expected.shape) {
    result.message =
        "got " + actual.describe() + " but expected " + expected.describe();
    return result;
  }
  size_t count = expected.numElements();
  size_t mismatches = 0, first = 0;
  double maxAbsError = 0.0;
  std::string firstActual, firstExpected;
  bool floating = isFloat(expected.dtype);
  for (size_t i = 0; i < count; ++i) {
    bool ok;
    std::string actualText, expectedText;
    if (floating) {
      double a = rt::elementAsDouble(actual, i),
             e = rt::elementAsDouble(expected, i);
      if (std::isnan(a) || std::isnan(e)) {
        ok = std::isnan(a) && std::isnan(e);
      } else if (std::isinf(a) || std::isinf(e)) {
        ok = a == e;
        if (!ok)
          maxAbsError = INFINITY;
      } else {
        double error = std::fabs(a - e);
        maxAbsError = std::max(maxAbsError, error);
        ok = error <= tolerance.atol + tolerance.rtol * std::fabs(e);
        // libonnx 1.12 expects truncation where spnc rounds to nearest even
        // (docs/Conformance.md): one bfloat16 ulp apart also matches.
        if (!ok && expected.dtype == rt::DType::BF16)
          ok = std::abs(orderedBFloat16(load<uint16_t>(actual, i)) -
                        orderedBFloat16(load<uint16_t>(expected, i))) <= 1;
      }
      if (!ok && mismatches == 0) {
        llvm::raw_string_ostream(actualText) << llvm::format("%.9g", a);
        llvm::raw_string_ostream(expectedText) << llvm::format("%.9g", e);
      }
    } else {
      uint64_t a = intElement(actual, i), e = intElement(expected, i);
      ok = a == e;
      if (!ok) {
        double error = isUnsigned(expected.dtype)
                           ? std::fabs(double(a) - double(e))
                           : std::fabs(double(int64_t(a)) - double(int64_t(e)));
        maxAbsError = std::max(maxAbsError, error);
        if (mismatches == 0) {
          actualText = formatInt(a, actual.dtype);
          expectedText = formatInt(e, expected.dtype);
        }
      }
    }
    if (!ok && mismatches++ == 0) {
      first = i;
      firstActual = actualText;
      firstExpected = expectedText;
    }
  }
  if (mismatches == 0) {
    result.matches = true;
    return result;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << expected.describe() << ": " << mismatches << " of " << count
     << " elements differ";
  if (floating)
    os << " by more than atol + rtol * |expected|";
  os << "; first at " << rt::formatIndex(expected.shape, first) << ": got "
     << firstActual << ", expected " << firstExpected << "; max abs error "
     << llvm::format("%.3g", maxAbsError);
  result.message = text;
  return result;
}
