//===- Tensor.cpp - Host tensors and the .npy format ----------------------===//
#include "spnc-runtime/Tensor.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace spnc::rt {

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  case DType::F16:
  case DType::BF16:
  case DType::I16:
  case DType::U16:
    return 2;
  case DType::F32:
  case DType::I32:
  case DType::U32:
    return 4;
  case DType::F64:
  case DType::I64:
  case DType::U64:
    return 8;
  }
  return 0;
}

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F16: return "float16";
  case DType::F32: return "float32";
  case DType::F64: return "float64";
  case DType::I8: return "int8";
  case DType::I16: return "int16";
  case DType::I32: return "int32";
  case DType::I64: return "int64";
  case DType::U8: return "uint8";
  case DType::U16: return "uint16";
  case DType::U32: return "uint32";
  case DType::U64: return "uint64";
  case DType::Bool: return "bool";
  case DType::BF16: return "bfloat16";
  }
  return "?";
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : dtype(dtype), shape(std::move(shape)) {
  data.assign(numElements() * dtypeSize(dtype), 0);
}

size_t Tensor::numElements() const {
  size_t count = 1;
  for (int64_t dim : shape)
    count *= static_cast<size_t>(dim);
  return count;
}

std::string Tensor::describe() const {
  std::ostringstream os;
  os << dtypeName(dtype) << "[";
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  os << "]";
  return os.str();
}

namespace {

template <typename T> double loadAsDouble(const Tensor &tensor, size_t index) {
  T value;
  std::memcpy(&value, tensor.data.data() + index * sizeof(T), sizeof(T));
  return static_cast<double>(value);
}

double halfToDouble(uint16_t bits) {
  int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  double value;
  if (exponent == 0)
    value = std::ldexp(mantissa, -24);
  else if (exponent == 31)
    value = mantissa ? NAN : INFINITY;
  else
    value = std::ldexp(mantissa + 1024, exponent - 25);
  return (bits >> 15) ? -value : value;
}

double bfloat16ToDouble(uint16_t bits) {
  // The upper half of a float32.
  uint32_t wide = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &wide, sizeof(value));
  return value;
}

} // namespace

double elementAsDouble(const Tensor &tensor, size_t index) {
  switch (tensor.dtype) {
  case DType::F16: {
    uint16_t bits;
    std::memcpy(&bits, tensor.data.data() + 2 * index, 2);
    return halfToDouble(bits);
  }
  case DType::BF16: {
    uint16_t bits;
    std::memcpy(&bits, tensor.data.data() + 2 * index, 2);
    return bfloat16ToDouble(bits);
  }
  case DType::F32: return loadAsDouble<float>(tensor, index);
  case DType::F64: return loadAsDouble<double>(tensor, index);
  case DType::I8: return loadAsDouble<int8_t>(tensor, index);
  case DType::I16: return loadAsDouble<int16_t>(tensor, index);
  case DType::I32: return loadAsDouble<int32_t>(tensor, index);
  case DType::I64: return loadAsDouble<int64_t>(tensor, index);
  case DType::U8: return loadAsDouble<uint8_t>(tensor, index);
  case DType::U16: return loadAsDouble<uint16_t>(tensor, index);
  case DType::U32: return loadAsDouble<uint32_t>(tensor, index);
  case DType::U64: return loadAsDouble<uint64_t>(tensor, index);
  case DType::Bool: return tensor.data[index] ? 1.0 : 0.0;
  }
  return 0.0;
}

std::string formatIndex(const std::vector<int64_t> &shape, size_t flat) {
  std::vector<int64_t> index(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    index[i] = static_cast<int64_t>(flat % shape[i]);
    flat /= shape[i];
  }
  std::string text = "[";
  for (size_t i = 0; i < index.size(); ++i)
    text += (i ? ", " : "") + std::to_string(index[i]);
  return text + "]";
}

//===-- .npy ---------------------------------------------------------------===//

namespace {

/// NumPy type strings for little-endian data; '|' marks byte-sized types.
struct DescrEntry {
  const char *descr;
  DType dtype;
};
constexpr DescrEntry kDescrs[] = {
    {"<f2", DType::F16}, {"<f4", DType::F32}, {"<f8", DType::F64},
    {"|i1", DType::I8},  {"<i2", DType::I16}, {"<i4", DType::I32},
    {"<i8", DType::I64}, {"|u1", DType::U8},  {"<u2", DType::U16},
    {"<u4", DType::U32}, {"<u8", DType::U64}, {"|b1", DType::Bool},
};

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

TensorReadResult fail(const std::string &source, const std::string &what) {
  TensorReadResult result;
  result.error = "'" + source + "': " + what;
  return result;
}

/// The value text after `'key':` in the header dictionary.
bool findHeaderValue(const std::string &header, const std::string &key,
                     std::string &value) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return false;
  pos = header.find(':', pos);
  if (pos == std::string::npos)
    return false;
  ++pos;
  while (pos < header.size() && header[pos] == ' ')
    ++pos;
  if (pos >= header.size())
    return false;
  char open = header[pos];
  char close = open == '(' ? ')' : open == '\'' ? '\'' : ',';
  size_t end = header.find(close, pos + 1);
  if (end == std::string::npos)
    return false;
  value = header.substr(pos, end - pos + (open == '(' || open == '\'' ? 1 : 0));
  return true;
}

} // namespace

TensorReadResult readNpyBuffer(const std::string &bytes,
                               const std::string &source) {
  if (bytes.size() < kMagicSize + 4 ||
      std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
    return fail(source, "not a .npy file (bad magic)");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<uint8_t>(bytes[8]) |
                   (static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return fail(source, "truncated .npy header");
    headerLength = 0;
    for (int i = 3; i >= 0; --i)
      headerLength = (headerLength << 8) | static_cast<uint8_t>(bytes[8 + i]);
    headerStart = 12;
  } else {
    return fail(source, "unsupported .npy version " + std::to_string(major));
  }
  if (headerStart + headerLength > bytes.size())
    return fail(source, "truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLength);

  std::string descr, fortran, shapeText;
  if (!findHeaderValue(header, "descr", descr) ||
      !findHeaderValue(header, "fortran_order", fortran) ||
      !findHeaderValue(header, "shape", shapeText))
    return fail(source, "malformed .npy header: " + header);
  descr = descr.substr(1, descr.size() - 2);
  if (descr.size() == 3 && descr[0] == '=')
    descr[0] = '<'; // native order on a little-endian host
  TensorReadResult result;
  bool known = false;
  for (const DescrEntry &entry : kDescrs) {
    std::string name = entry.descr;
    // NumPy writes byte-sized types with '|' but accepts '<' too.
    if (descr == name || (name[0] == '|' && descr == "<" + name.substr(1))) {
      result.tensor.dtype = entry.dtype;
      known = true;
    }
  }
  if (!known)
    return fail(source, "unsupported .npy dtype '" + descr +
                            "' (big-endian, string and object arrays are "
                            "not supported)");
  if (fortran.rfind("True", 0) == 0)
    return fail(source, "Fortran-ordered arrays are not supported; save with "
                        "numpy.ascontiguousarray");

  std::string dims = shapeText.substr(1, shapeText.size() - 2);
  std::istringstream dimStream(dims);
  std::string item;
  while (std::getline(dimStream, item, ',')) {
    size_t first = item.find_first_not_of(' ');
    if (first == std::string::npos)
      continue;
    char *end = nullptr;
    long long dim = std::strtoll(item.c_str() + first, &end, 10);
    if (dim < 0 || end == item.c_str() + first)
      return fail(source, "malformed .npy shape " + shapeText);
    result.tensor.shape.push_back(dim);
  }

  size_t dataStart = headerStart + headerLength;
  size_t expected = result.tensor.numElements() * dtypeSize(result.tensor.dtype);
  if (bytes.size() - dataStart != expected)
    return fail(source, "holds " + std::to_string(bytes.size() - dataStart) +
                            " bytes of data but " + result.tensor.describe() +
                            " needs " + std::to_string(expected));
  result.tensor.data.assign(bytes.begin() + dataStart, bytes.end());
  return result;
}

static bool readWholeFile(const std::string &path, std::string &bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream contents;
  contents << in.rdbuf();
  bytes = contents.str();
  return true;
}

TensorReadResult readNpy(const std::string &path) {
  std::string bytes;
  if (!readWholeFile(path, bytes))
    return fail(path, "cannot open file");
  return readNpyBuffer(bytes, path);
}

std::string encodeNpy(const Tensor &tensor) {
  if (tensor.dtype == DType::BF16)
    return ""; // no .npy type to describe it
  const char *descr = "<f4";
  for (const DescrEntry &entry : kDescrs)
    if (entry.dtype == tensor.dtype)
      descr = entry.descr;
  std::ostringstream header;
  header << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    header << tensor.shape[i] << (tensor.shape.size() == 1 || i + 1 < tensor.shape.size() ? "," : "")
           << (i + 1 < tensor.shape.size() ? " " : "");
  header << "), }";
  std::string text = header.str();
  // Pad so that the data starts at a multiple of 64 bytes.
  size_t total = kMagicSize + 4 + text.size() + 1;
  text.append((64 - total % 64) % 64, ' ');
  text.push_back('\n');
  std::string bytes(kMagic, kMagicSize);
  bytes.push_back(1);
  bytes.push_back(0);
  bytes.push_back(static_cast<char>(text.size() & 0xff));
  bytes.push_back(static_cast<char>(text.size() >> 8));
  bytes += text;
  bytes.append(reinterpret_cast<const char *>(tensor.data.data()),
               tensor.data.size());
  return bytes;
}

std::string writeNpy(const std::string &path, const Tensor &tensor) {
  if (tensor.dtype == DType::BF16)
    return "'" + path +
           "': bfloat16 tensors cannot be written as .npy (NumPy has no "
           "bfloat16 type)";
  std::ofstream out(path, std::ios::binary);
  if (!out)
    return "'" + path + "': cannot open file for writing";
  std::string bytes = encodeNpy(tensor);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out)
    return "'" + path + "': write failed";
  return "";
}

TensorReadResult readTensorProto(const std::string &path) {
  std::string bytes;
  if (!readWholeFile(path, bytes))
    return fail(path, "cannot open file");
  return readTensorProtoBuffer(bytes, path);
}

TensorReadResult readTensorFile(const std::string &path) {
  auto endsWith = [&](const char *suffix) {
    size_t length = std::strlen(suffix);
    return path.size() >= length &&
           path.compare(path.size() - length, length, suffix) == 0;
  };
  if (endsWith(".npy"))
    return readNpy(path);
  if (endsWith(".pb"))
    return readTensorProto(path);
  return fail(path, "unknown tensor file format (expected .npy or .pb)");
}

} // namespace spnc::rt
