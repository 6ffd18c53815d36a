//===- Package.cpp - The deployment package: format and validation --------===//
//
// Layout (docs/Package.md): a 32-byte header (abi.h's SPNC_PACKAGE_*), the
// manifest as JSON, then the PE images, each at an 8-byte aligned offset in
// PE order. A CRC-32 over the whole file (with the checksum field as zero)
// catches corruption before anything is parsed; after that every field is
// still checked, because a well-formed file can be wrong too (a stale
// package, a hand-edited one, a writer bug).
//
//===----------------------------------------------------------------------===//
#include "spnc-runtime/Package.h"

#include "Noc.h"
#include "PEImage.h"

#include "spinnaker2/TargetModel.h"
#include "spinnaker2/abi.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace spnc::rt {

namespace {

using Json = nlohmann::ordered_json;

//===----------------------------------------------------------------------===//
// Bytes
//===----------------------------------------------------------------------===//

// Header fields (byte offsets).
constexpr size_t VersionAt = 8, HeaderBytesAt = 12, FileBytesAt = 16,
                 ManifestBytesAt = 24, ChecksumAt = 28;
constexpr size_t HeaderBytes = SPNC_PACKAGE_HEADER_BYTES;
static_assert(ChecksumAt + 4 == HeaderBytes, "the header ends with the CRC");
static_assert(sizeof(SPNC_PACKAGE_MAGIC) == SPNC_PACKAGE_MAGIC_BYTES + 1,
              "the magic is 8 bytes");
constexpr uint64_t BlobAlignment = 8;

uint64_t alignUp(uint64_t value) {
  return (value + BlobAlignment - 1) / BlobAlignment * BlobAlignment;
}

void put32(std::vector<uint8_t> &bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    bytes[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

void put64(std::vector<uint8_t> &bytes, size_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i)
    bytes[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

uint32_t get32(const std::vector<uint8_t> &bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i)
    value = value << 8 | bytes[at + i];
  return value;
}

uint64_t get64(const std::vector<uint8_t> &bytes, size_t at) {
  return get32(bytes, at) | uint64_t(get32(bytes, at + 4)) << 32;
}

/// CRC-32 as zlib computes it (IEEE 802.3, reflected polynomial 0xEDB88320,
/// initial value and final xor ~0), so Python's zlib.crc32 checks a package
/// too.
class Crc32 {
public:
  Crc32() {
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[n] = c;
    }
  }
  uint32_t update(uint32_t crc, const uint8_t *data, size_t size) const {
    crc = ~crc;
    for (size_t i = 0; i < size; ++i)
      crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
  }

private:
  uint32_t table[256];
};

/// The checksum of a package: the whole file with the checksum field zero.
uint32_t packageChecksum(const std::vector<uint8_t> &bytes) {
  static const Crc32 crc;
  static const uint8_t zero[4] = {0, 0, 0, 0};
  uint32_t value = crc.update(0, bytes.data(), ChecksumAt);
  value = crc.update(value, zero, 4);
  return crc.update(value, bytes.data() + HeaderBytes,
                    bytes.size() - HeaderBytes);
}

std::string hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx",
                static_cast<unsigned long long>(value));
  return buffer;
}

std::string range(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

constexpr DType AllDTypes[] = {DType::F16, DType::F32, DType::F64,  DType::I8,
                               DType::I16, DType::I32, DType::I64,  DType::U8,
                               DType::U16, DType::U32, DType::U64,  DType::Bool,
                               DType::BF16};

std::optional<DType> parseDType(const std::string &name) {
  for (DType dtype : AllDTypes)
    if (name == dtypeName(dtype))
      return dtype;
  return std::nullopt;
}

std::string peText(const PackagePE &pe) {
  return spinnaker2::PEId{pe.qx, pe.qy, pe.qp}.str();
}

/// "qx.qy.qp" with three decimal integers and nothing else.
std::optional<spinnaker2::PEId> parsePEName(const std::string &text) {
  int values[3];
  size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (at >= text.size() || text[at] != '.')
        return std::nullopt;
      ++at;
    }
    bool negative = at < text.size() && text[at] == '-';
    if (negative)
      ++at;
    size_t digits = 0;
    long value = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9' &&
           digits < 6) {
      value = value * 10 + (text[at] - '0');
      ++at;
      ++digits;
    }
    if (digits == 0)
      return std::nullopt;
    values[i] = static_cast<int>(negative ? -value : value);
  }
  if (at != text.size())
    return std::nullopt;
  return spinnaker2::PEId{values[0], values[1], values[2]};
}

/// ElfImage::parse names its input first ("'<name>': message"); with the
/// label as the name, this gives "<label>: message".
std::string elfError(const std::string &label, const std::string &error) {
  std::string prefix = "'" + label + "': ";
  if (error.compare(0, prefix.size(), prefix) == 0)
    return label + ": " + error.substr(prefix.size());
  return label + ": " + error;
}

const char *const LinkNames[6] = {"E", "NE", "N", "W", "SW", "S"};

std::string shapeText(DType dtype, const std::vector<int64_t> &shape) {
  Tensor probe;
  probe.dtype = dtype;
  probe.shape = shape;
  return probe.describe();
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

Json tensorJson(const PackageTensor &tensor, bool input) {
  Json json = Json::object();
  json["name"] = tensor.name;
  json["dtype"] = dtypeName(tensor.dtype);
  json["shape"] = tensor.shape;
  if (input)
    json["state_output"] = tensor.stateOutput;
  return json;
}

/// Serialises without validating (writePackage validates the result).
std::string serialize(const Package &package, std::vector<uint8_t> &bytes) {
  Json manifest = Json::object();
  manifest["abi_version"] = package.abiVersion;
  manifest["target"] = package.target;
  manifest["system"] = package.system;
  manifest["steps_in_flight"] = package.stepsInFlight;
  manifest["model"] = package.modelName;
  manifest["inputs"] = Json::array();
  for (const PackageTensor &tensor : package.inputs)
    manifest["inputs"].push_back(tensorJson(tensor, true));
  manifest["outputs"] = Json::array();
  for (const PackageTensor &tensor : package.outputs)
    manifest["outputs"].push_back(tensorJson(tensor, false));

  // Images follow the manifest in PE order, each 8-byte aligned; offsets
  // count from the first image, so the manifest does not depend on its own
  // length.
  manifest["pes"] = Json::array();
  uint64_t blobBytes = 0;
  for (const PackagePE &pe : package.pes) {
    Json json = Json::object();
    json["chip"] = pe.chip;
    json["pe"] = peText(pe);
    json["population"] = pe.population;
    json["units"] = {pe.unitBegin, pe.unitEnd};
    json["source"] = pe.sourceId;
    json["key"] = pe.key;
    json["mask"] = pe.mask;
    json["dvfs"] = pe.dvfs;
    json["elf_offset"] = blobBytes;
    json["elf_bytes"] = pe.elf.size();
    manifest["pes"].push_back(std::move(json));
    blobBytes = alignUp(blobBytes + pe.elf.size());
  }
  manifest["routing"] = Json::array();
  for (const PackageRoutingTable &table : package.tables) {
    Json json = Json::object();
    json["chip"] = table.chip;
    json["uncompressed_entries"] = table.uncompressedEntries;
    json["routes"] = Json::array();
    for (const PackageRoute &route : table.routes) {
      Json entry = Json::object();
      entry["key"] = route.key;
      entry["mask"] = route.mask;
      entry["pes"] = route.pes;
      entry["links"] = route.linkMask;
      json["routes"].push_back(std::move(entry));
    }
    manifest["routing"].push_back(std::move(json));
  }
  manifest["io"] = Json::array();
  for (const PackageIOBinding &binding : package.io) {
    Json json = Json::object();
    json["kind"] = binding.input ? "input" : "output";
    json["pe"] = binding.pe;
    json["tensor"] = binding.tensor;
    json["offset"] = binding.offset;
    json["bytes"] = binding.bytes;
    json["address"] = binding.address;
    json["flags"] = binding.flags;
    manifest["io"].push_back(std::move(json));
  }
  if (package.reportJson.empty()) {
    manifest["report"] = nullptr;
  } else {
    Json report = Json::parse(package.reportJson, nullptr, false);
    if (report.is_discarded())
      return "the mapping report (Package::reportJson) is not valid JSON";
    manifest["report"] = std::move(report);
  }

  std::string text;
  try {
    text = manifest.dump(1);
  } catch (const Json::exception &e) {
    // Strings that are not UTF-8 (a population or tensor name).
    return std::string("cannot write the manifest: ") + e.what();
  }
  if (text.size() > 0xFFFFFFFFull)
    return "the manifest is larger than 4 GiB";
  uint64_t blobsAt = alignUp(HeaderBytes + text.size());
  bytes.assign(blobsAt + blobBytes, 0);
  std::memcpy(bytes.data(), SPNC_PACKAGE_MAGIC, SPNC_PACKAGE_MAGIC_BYTES);
  put32(bytes, VersionAt, SPNC_PACKAGE_FORMAT_VERSION);
  put32(bytes, HeaderBytesAt, HeaderBytes);
  put64(bytes, FileBytesAt, bytes.size());
  put32(bytes, ManifestBytesAt, static_cast<uint32_t>(text.size()));
  std::memcpy(bytes.data() + HeaderBytes, text.data(), text.size());
  uint64_t at = blobsAt;
  for (const PackagePE &pe : package.pes) {
    if (!pe.elf.empty())
      std::memcpy(bytes.data() + at, pe.elf.data(), pe.elf.size());
    at = blobsAt + alignUp(at - blobsAt + pe.elf.size());
  }
  put32(bytes, ChecksumAt, packageChecksum(bytes));
  return "";
}

//===----------------------------------------------------------------------===//
// Reading the manifest
//===----------------------------------------------------------------------===//

/// Typed access to the manifest; remembers the first problem with its path
/// ("pes[2].chip").
class ManifestReader {
public:
  std::string error;

  /// `json` is an object with exactly the fields `keys`.
  bool object(const Json &json, const std::string &path,
              std::initializer_list<const char *> keys) {
    if (!json.is_object())
      return fail(path, "expected an object");
    for (const char *key : keys)
      if (!json.contains(key))
        return fail(path, std::string("missing field '") + key + "'");
    for (auto it = json.begin(); it != json.end(); ++it)
      if (std::find_if(keys.begin(), keys.end(), [&](const char *key) {
            return it.key() == key;
          }) == keys.end())
        return fail(path, "unknown field '" + it.key() + "'");
    return true;
  }

  bool array(const Json &json, const std::string &path) {
    return json.is_array() || fail(path, "expected an array");
  }

  bool string(const Json &json, const std::string &path, std::string &out) {
    if (!json.is_string())
      return fail(path, "expected a string");
    out = json.get<std::string>();
    return true;
  }

  template <typename T>
  bool unsignedInt(const Json &json, const std::string &path, T &out) {
    if (!json.is_number_unsigned() &&
        !(json.is_number_integer() && json.get<int64_t>() >= 0))
      return fail(path, "expected a non-negative integer");
    uint64_t value = json.get<uint64_t>();
    if (value > static_cast<uint64_t>(std::numeric_limits<T>::max()))
      return fail(path, std::to_string(value) + " is out of range (at most " +
                            std::to_string(std::numeric_limits<T>::max()) +
                            ")");
    out = static_cast<T>(value);
    return true;
  }

  bool signedInt(const Json &json, const std::string &path, int64_t &out) {
    if (!json.is_number_integer() ||
        (json.is_number_unsigned() &&
         json.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())))
      return fail(path, "expected an integer");
    out = json.get<int64_t>();
    return true;
  }

  bool fail(const std::string &path, const std::string &message) {
    if (error.empty())
      error = "manifest: " + path + ": " + message;
    return false;
  }
};

bool readTensor(ManifestReader &r, const Json &json, const std::string &path,
                bool input, PackageTensor &tensor) {
  if (input ? !r.object(json, path, {"name", "dtype", "shape", "state_output"})
            : !r.object(json, path, {"name", "dtype", "shape"}))
    return false;
  std::string dtype;
  if (!r.string(json["name"], path + ".name", tensor.name) ||
      !r.string(json["dtype"], path + ".dtype", dtype) ||
      !r.array(json["shape"], path + ".shape"))
    return false;
  std::optional<DType> parsed = parseDType(dtype);
  if (!parsed)
    return r.fail(path + ".dtype", "unknown element type '" + dtype + "'");
  tensor.dtype = *parsed;
  for (size_t i = 0; i < json["shape"].size(); ++i) {
    int64_t dim;
    if (!r.signedInt(json["shape"][i],
                     path + ".shape[" + std::to_string(i) + "]", dim))
      return false;
    tensor.shape.push_back(dim);
  }
  return !input ||
         r.string(json["state_output"], path + ".state_output",
                  tensor.stateOutput);
}

/// Reads the manifest into `package`; `blobs` gets each PE's image range
/// (offset from the first image, bytes).
bool readManifest(ManifestReader &r, const Json &m, Package &package,
                  std::vector<std::pair<uint64_t, uint64_t>> &blobs) {
  if (!r.object(m, "top level",
                {"abi_version", "target", "system", "steps_in_flight",
                 "model", "inputs", "outputs", "pes", "routing", "io",
                 "report"}) ||
      !r.unsignedInt(m["abi_version"], "abi_version", package.abiVersion) ||
      !r.string(m["target"], "target", package.target) ||
      !r.string(m["system"], "system", package.system) ||
      !r.unsignedInt(m["steps_in_flight"], "steps_in_flight",
                     package.stepsInFlight) ||
      !r.string(m["model"], "model", package.modelName) ||
      !r.array(m["inputs"], "inputs") || !r.array(m["outputs"], "outputs") ||
      !r.array(m["pes"], "pes") || !r.array(m["routing"], "routing") ||
      !r.array(m["io"], "io"))
    return false;
  for (size_t i = 0; i < m["inputs"].size(); ++i) {
    package.inputs.emplace_back();
    if (!readTensor(r, m["inputs"][i], "inputs[" + std::to_string(i) + "]",
                    true, package.inputs.back()))
      return false;
  }
  for (size_t i = 0; i < m["outputs"].size(); ++i) {
    package.outputs.emplace_back();
    if (!readTensor(r, m["outputs"][i], "outputs[" + std::to_string(i) + "]",
                    false, package.outputs.back()))
      return false;
  }
  for (size_t i = 0; i < m["pes"].size(); ++i) {
    const Json &json = m["pes"][i];
    std::string path = "pes[" + std::to_string(i) + "]";
    PackagePE pe;
    std::string name;
    uint64_t offset, bytes;
    if (!r.object(json, path,
                  {"chip", "pe", "population", "units", "source", "key",
                   "mask", "dvfs", "elf_offset", "elf_bytes"}) ||
        !r.unsignedInt(json["chip"], path + ".chip", pe.chip) ||
        !r.string(json["pe"], path + ".pe", name) ||
        !r.string(json["population"], path + ".population", pe.population) ||
        !r.unsignedInt(json["source"], path + ".source", pe.sourceId) ||
        !r.unsignedInt(json["key"], path + ".key", pe.key) ||
        !r.unsignedInt(json["mask"], path + ".mask", pe.mask) ||
        !r.string(json["dvfs"], path + ".dvfs", pe.dvfs) ||
        !r.unsignedInt(json["elf_offset"], path + ".elf_offset", offset) ||
        !r.unsignedInt(json["elf_bytes"], path + ".elf_bytes", bytes))
      return false;
    std::optional<spinnaker2::PEId> id = parsePEName(name);
    if (!id)
      return r.fail(path + ".pe",
                    "'" + name + "' is not a PE name \"qx.qy.qp\"");
    pe.qx = id->qx;
    pe.qy = id->qy;
    pe.qp = id->qp;
    const Json &units = json["units"];
    if (!units.is_array() || units.size() != 2)
      return r.fail(path + ".units", "expected [begin, end]");
    if (!r.signedInt(units[0], path + ".units[0]", pe.unitBegin) ||
        !r.signedInt(units[1], path + ".units[1]", pe.unitEnd))
      return false;
    package.pes.push_back(std::move(pe));
    blobs.push_back({offset, bytes});
  }
  for (size_t i = 0; i < m["routing"].size(); ++i) {
    const Json &json = m["routing"][i];
    std::string path = "routing[" + std::to_string(i) + "]";
    PackageRoutingTable table;
    if (!r.object(json, path, {"chip", "uncompressed_entries", "routes"}) ||
        !r.unsignedInt(json["chip"], path + ".chip", table.chip) ||
        !r.unsignedInt(json["uncompressed_entries"],
                       path + ".uncompressed_entries",
                       table.uncompressedEntries) ||
        !r.array(json["routes"], path + ".routes"))
      return false;
    for (size_t e = 0; e < json["routes"].size(); ++e) {
      const Json &entry = json["routes"][e];
      std::string where = path + ".routes[" + std::to_string(e) + "]";
      PackageRoute route;
      if (!r.object(entry, where, {"key", "mask", "pes", "links"}) ||
          !r.unsignedInt(entry["key"], where + ".key", route.key) ||
          !r.unsignedInt(entry["mask"], where + ".mask", route.mask) ||
          !r.unsignedInt(entry["links"], where + ".links", route.linkMask) ||
          !r.array(entry["pes"], where + ".pes"))
        return false;
      for (size_t p = 0; p < entry["pes"].size(); ++p) {
        std::string name;
        if (!r.string(entry["pes"][p], where + ".pes[" + std::to_string(p) + "]",
                      name))
          return false;
        route.pes.push_back(std::move(name));
      }
      table.routes.push_back(std::move(route));
    }
    package.tables.push_back(std::move(table));
  }
  for (size_t i = 0; i < m["io"].size(); ++i) {
    const Json &json = m["io"][i];
    std::string path = "io[" + std::to_string(i) + "]";
    PackageIOBinding binding;
    std::string kind;
    if (!r.object(json, path,
                  {"kind", "pe", "tensor", "offset", "bytes", "address",
                   "flags"}) ||
        !r.string(json["kind"], path + ".kind", kind) ||
        !r.unsignedInt(json["pe"], path + ".pe", binding.pe) ||
        !r.unsignedInt(json["tensor"], path + ".tensor", binding.tensor) ||
        !r.unsignedInt(json["offset"], path + ".offset", binding.offset) ||
        !r.unsignedInt(json["bytes"], path + ".bytes", binding.bytes) ||
        !r.unsignedInt(json["address"], path + ".address", binding.address) ||
        !r.unsignedInt(json["flags"], path + ".flags", binding.flags))
      return false;
    if (kind != "input" && kind != "output")
      return r.fail(path + ".kind",
                    "expected \"input\" or \"output\", got \"" + kind + "\"");
    binding.input = kind == "input";
    package.io.push_back(binding);
  }
  const Json &report = m["report"];
  if (!report.is_null() && !report.is_object())
    return r.fail("report", "expected an object or null");
  if (report.is_object())
    package.reportJson = report.dump(2);
  return true;
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

/// Checks a parsed package against the target description and its own
/// images. Messages are relative to the package (the caller prefixes the
/// file name).
class Validator {
public:
  Validator(const Package &package, const spinnaker2::SystemModel &system)
      : package(package), system(system) {}

  std::string run() {
    if (!checkTensors() || !checkPEs() || !checkImages() ||
        !checkProducers() || !checkIO() || !checkRouting() || !checkDelivery())
      return error;
    return "";
  }

  std::vector<sim::Image> images;

private:
  /// "PE 2.1.0 (population 'p')", or "cx,cy:" before the PE on a board.
  std::string peLabel(size_t index) const {
    const PackagePE &pe = package.pes[index];
    std::string name = "PE ";
    if (system.numChips() > 1 && pe.chip < system.numChips())
      name += std::to_string(system.chips[pe.chip].x) + "," +
              std::to_string(system.chips[pe.chip].y) + ":";
    name += peText(pe);
    if (!pe.population.empty())
      name += " (population '" + pe.population + "')";
    return name;
  }

  std::string chipLabel(uint32_t chip) const {
    if (chip >= system.numChips())
      return "chip " + std::to_string(chip);
    return "chip " + std::to_string(chip) + " (" +
           std::to_string(system.chips[chip].x) + "," +
           std::to_string(system.chips[chip].y) + ")";
  }

  bool fail(const std::string &message) {
    error = message;
    return false;
  }

  static uint64_t stepBytes(const PackageTensor &tensor) {
    uint64_t bytes = dtypeSize(tensor.dtype);
    for (int64_t dim : tensor.shape)
      bytes *= static_cast<uint64_t>(dim);
    return bytes;
  }

  bool checkTensor(const PackageTensor &tensor, const std::string &what) {
    if (tensor.name.empty())
      return fail(what + " has no name");
    // One step of a tensor is addressed with 32-bit offsets (spnc_io_buffer).
    uint64_t bytes = dtypeSize(tensor.dtype);
    for (int64_t dim : tensor.shape) {
      if (dim < 0)
        return fail(what + " '" + tensor.name + "' has a negative dimension");
      if (dim > 0xFFFFFFFFll || (bytes *= static_cast<uint64_t>(dim)) >
                                    0xFFFFFFFFull)
        return fail(what + " '" + tensor.name + "' " +
                    shapeText(tensor.dtype, tensor.shape) +
                    " is larger than 4 GiB per step");
    }
    return true;
  }

  bool checkTensors() {
    std::set<std::string> names;
    for (const PackageTensor &tensor : package.inputs) {
      if (!checkTensor(tensor, "input"))
        return false;
      if (!names.insert(tensor.name).second)
        return fail("two inputs are named '" + tensor.name + "'");
    }
    std::map<std::string, size_t> outputs;
    for (size_t i = 0; i < package.outputs.size(); ++i) {
      const PackageTensor &tensor = package.outputs[i];
      if (!checkTensor(tensor, "output"))
        return false;
      if (!tensor.stateOutput.empty())
        return fail("output '" + tensor.name +
                    "' names a state output; only inputs do");
      if (!outputs.emplace(tensor.name, i).second)
        return fail("two outputs are named '" + tensor.name + "'");
    }
    std::set<std::string> fed;
    for (const PackageTensor &tensor : package.inputs) {
      if (tensor.stateOutput.empty())
        continue;
      auto it = outputs.find(tensor.stateOutput);
      if (it == outputs.end())
        return fail("state input '" + tensor.name + "' names output '" +
                    tensor.stateOutput + "', which the package does not have");
      const PackageTensor &output = package.outputs[it->second];
      if (output.dtype != tensor.dtype || output.shape != tensor.shape)
        return fail("state input '" + tensor.name + "' (" +
                    shapeText(tensor.dtype, tensor.shape) +
                    ") pairs with output '" + output.name + "' (" +
                    shapeText(output.dtype, output.shape) +
                    "); they must have the same type");
      if (!fed.insert(output.name).second)
        return fail("output '" + output.name +
                    "' is the state output of two inputs");
    }
    return true;
  }

  bool checkPEs() {
    if (package.pes.empty())
      return fail("the package has no PEs");
    const spinnaker2::ChipModel &chip = system.chip;
    std::map<std::pair<uint32_t, spinnaker2::PEId>, size_t> seen;
    std::map<uint32_t, size_t> sources;
    for (size_t i = 0; i < package.pes.size(); ++i) {
      const PackagePE &pe = package.pes[i];
      spinnaker2::PEId id{pe.qx, pe.qy, pe.qp};
      std::string label = peLabel(i);
      if (pe.chip >= system.numChips())
        return fail(label + " is on chip " + std::to_string(pe.chip) +
                    ", but system '" + system.name + "' has " +
                    std::to_string(system.numChips()) + " chip(s)");
      if (!chip.hasQPE(id.qx, id.qy) || id.qp < 0 || id.qp >= chip.pesPerQPE)
        return fail(label + ": no such PE on the chip");
      if (!chip.isUsable(id))
        return fail(label + ": reserved for system software");
      auto [it, inserted] = seen.emplace(std::make_pair(pe.chip, id), i);
      if (!inserted)
        return fail(label + " is used twice (PEs " +
                    std::to_string(it->second) + " and " + std::to_string(i) +
                    " of the package)");
      if (!pe.dvfs.empty() && !chip.findDVFSLevel(pe.dvfs))
        return fail(label + ": unknown DVFS level '" + pe.dvfs + "'");
      if (pe.unitBegin < 0 || pe.unitEnd < pe.unitBegin)
        return fail(label + ": unit range " +
                    range(static_cast<uint64_t>(pe.unitBegin),
                          static_cast<uint64_t>(pe.unitEnd)) +
                    " is not a range");
      if (pe.sourceId > SPNC_MAX_SOURCE)
        return fail(label + ": source id " + std::to_string(pe.sourceId) +
                    " is reserved or out of range (max " +
                    std::to_string(SPNC_MAX_SOURCE) + ")");
      auto [other, fresh] = sources.emplace(pe.sourceId, i);
      if (!fresh)
        return fail(label + " and " + peLabel(other->second) +
                    " both send as source " + std::to_string(pe.sourceId));
      // The block of keys the PE sends: within its own source (abi.h).
      if ((pe.key & ~pe.mask) != 0 ||
          (pe.mask & SPNC_KEY_SOURCE_MASK) != SPNC_KEY_SOURCE_MASK ||
          SPNC_KEY_SOURCE(pe.key) != pe.sourceId)
        return fail(label + ": key " + hex(pe.key) + " / mask " +
                    hex(pe.mask) + " is not a block of source " +
                    std::to_string(pe.sourceId) + "'s keys");
    }
    return true;
  }

  bool checkImages() {
    for (size_t i = 0; i < package.pes.size(); ++i) {
      const PackagePE &pe = package.pes[i];
      std::string label = peLabel(i);
      std::string parseError;
      std::optional<sim::ElfImage> elf =
          sim::ElfImage::parse(pe.elf, label, parseError);
      if (!elf)
        return fail(elfError(label, parseError));
      std::optional<sim::Image> image =
          sim::validateImage(std::move(*elf), system.chip, label, parseError);
      if (!image)
        return fail(parseError);
      if (image->sourceId != pe.sourceId)
        return fail(label + ": the package says source " +
                    std::to_string(pe.sourceId) +
                    ", the image's program descriptor says " +
                    std::to_string(image->sourceId));
      images.push_back(std::move(*image));
    }
    return true;
  }

  /// Every source a PE waits for is sent by a PE of the package, and that
  /// PE sends end-of-step signals: otherwise the run could only deadlock.
  bool checkProducers() {
    std::map<uint32_t, size_t> bySource;
    for (size_t i = 0; i < package.pes.size(); ++i)
      bySource.emplace(package.pes[i].sourceId, i);
    for (size_t i = 0; i < package.pes.size(); ++i)
      for (const spnc_producer &producer : images[i].producers) {
        auto it = bySource.find(producer.source);
        if (it == bySource.end())
          return fail(peLabel(i) + " consumes source " +
                      std::to_string(producer.source) +
                      ", which no PE of the package sends");
        if (!(images[it->second].flags & SPNC_PROGRAM_SEND_EOS))
          return fail(peLabel(i) + " consumes source " +
                      std::to_string(producer.source) + ", but " +
                      peLabel(it->second) +
                      " sends no end-of-step signals "
                      "(SPNC_PROGRAM_SEND_EOS is not set)");
      }
    return true;
  }

  std::string bindingText(const PackageIOBinding &b) const {
    return std::string(b.input ? "input" : "output") + " tensor " +
           std::to_string(b.tensor) + " bytes " +
           range(b.offset, uint64_t(b.offset) + b.bytes) + " at " +
           hex(b.address) + (b.flags == SPNC_IO_ONCE ? " once" : " per step");
  }

  bool checkIO() {
    // Every binding is a buffer of its PE's program descriptor, and every
    // buffer of a descriptor has exactly one binding.
    std::vector<std::vector<bool>> matched(package.pes.size());
    for (size_t i = 0; i < package.pes.size(); ++i)
      matched[i].assign(images[i].inputs.size() + images[i].outputs.size(),
                        false);
    std::map<uint32_t, std::vector<std::pair<uint64_t, uint64_t>>> outputBytes;
    std::map<uint32_t, std::pair<uint32_t, size_t>> inputFlags;
    for (size_t i = 0; i < package.io.size(); ++i) {
      const PackageIOBinding &b = package.io[i];
      std::string what = "io[" + std::to_string(i) + "]";
      if (b.pe >= package.pes.size())
        return fail(what + " names PE " + std::to_string(b.pe) +
                    ", but the package has " +
                    std::to_string(package.pes.size()));
      const std::vector<PackageTensor> &tensors =
          b.input ? package.inputs : package.outputs;
      if (b.tensor >= tensors.size())
        return fail(what + " (" + peLabel(b.pe) + ") names " +
                    (b.input ? "input" : "output") + " tensor " +
                    std::to_string(b.tensor) + ", but the package has " +
                    std::to_string(tensors.size()));
      const PackageTensor &tensor = tensors[b.tensor];
      what += " (" + std::string(b.input ? "input '" : "output '") +
              tensor.name + "' of " + peLabel(b.pe) + ")";
      const sim::Image &image = images[b.pe];
      const std::vector<spnc_io_buffer> &buffers =
          b.input ? image.inputs : image.outputs;
      size_t base = b.input ? 0 : image.inputs.size();
      bool found = false;
      for (size_t k = 0; k < buffers.size() && !found; ++k) {
        const spnc_io_buffer &buffer = buffers[k];
        if (!matched[b.pe][base + k] && buffer.tensor == b.tensor &&
            buffer.offset == b.offset && buffer.bytes == b.bytes &&
            buffer.address == b.address && buffer.flags == b.flags) {
          matched[b.pe][base + k] = true;
          found = true;
        }
      }
      if (!found)
        return fail(what + ": " + bindingText(b) +
                    " is not a buffer of the PE's program descriptor");
      uint64_t tensorBytes = stepBytes(tensor);
      if (uint64_t(b.offset) + b.bytes > tensorBytes)
        return fail(what + ": bytes " +
                    range(b.offset, uint64_t(b.offset) + b.bytes) +
                    " lie outside one step of " +
                    shapeText(tensor.dtype, tensor.shape) + " (" +
                    std::to_string(tensorBytes) + " bytes)");
      if (b.input) {
        if (!tensor.stateOutput.empty() && b.flags != SPNC_IO_ONCE)
          return fail(what + " is written per step, but a state input sets "
                             "the initial state once (SPNC_IO_ONCE)");
        auto [it, fresh] = inputFlags.emplace(b.tensor, std::make_pair(b.flags, i));
        if (!fresh && it->second.first != b.flags)
          return fail(what + " is written " +
                      (b.flags == SPNC_IO_ONCE ? "once" : "per step") +
                      ", io[" + std::to_string(it->second.second) +
                      "] the same tensor " +
                      (b.flags == SPNC_IO_ONCE ? "per step" : "once"));
      } else {
        if (b.flags != SPNC_IO_PER_STEP)
          return fail(what + " is read once after the run; outputs are read "
                             "after every step (SPNC_IO_PER_STEP)");
        outputBytes[b.tensor].push_back({b.offset, uint64_t(b.offset) + b.bytes});
      }
    }
    for (size_t p = 0; p < package.pes.size(); ++p) {
      const sim::Image &image = images[p];
      for (size_t k = 0; k < matched[p].size(); ++k) {
        if (matched[p][k])
          continue;
        bool input = k < image.inputs.size();
        const spnc_io_buffer &buffer =
            input ? image.inputs[k] : image.outputs[k - image.inputs.size()];
        PackageIOBinding b{input,         static_cast<uint32_t>(p),
                           buffer.tensor, buffer.offset,
                           buffer.bytes,  buffer.address,
                           buffer.flags};
        return fail(peLabel(p) + ": the program descriptor has " +
                    bindingText(b) + ", which the package's io map lacks");
      }
    }
    // Each output is assembled from its PEs' parts: every byte exactly once.
    for (size_t t = 0; t < package.outputs.size(); ++t) {
      const PackageTensor &tensor = package.outputs[t];
      std::vector<std::pair<uint64_t, uint64_t>> &parts = outputBytes[t];
      std::sort(parts.begin(), parts.end());
      uint64_t covered = 0, total = stepBytes(tensor);
      auto gap = [&](uint64_t end) {
        return fail("output '" + tensor.name + "': no PE writes bytes " +
                    range(covered, end) + " of its " + std::to_string(total) +
                    " bytes per step");
      };
      for (const auto &[begin, end] : parts) {
        if (begin < covered)
          return fail("output '" + tensor.name + "': bytes " +
                      range(begin, std::min(covered, end)) +
                      " are written by two PEs");
        if (begin > covered)
          return gap(begin);
        covered = end;
      }
      if (covered != total)
        return gap(total);
    }
    return true;
  }

  bool checkRouting() {
    const spinnaker2::ChipModel &chip = system.chip;
    std::set<uint32_t> chips;
    std::set<std::pair<uint32_t, spinnaker2::PEId>> programs;
    for (const PackagePE &pe : package.pes)
      programs.insert({pe.chip, spinnaker2::PEId{pe.qx, pe.qy, pe.qp}});
    for (size_t t = 0; t < package.tables.size(); ++t) {
      const PackageRoutingTable &table = package.tables[t];
      std::string what = "routing table " + std::to_string(t);
      if (table.chip >= system.numChips())
        return fail(what + " is for chip " + std::to_string(table.chip) +
                    ", but system '" + system.name + "' has " +
                    std::to_string(system.numChips()) + " chip(s)");
      what = "the routing table of " + chipLabel(table.chip);
      if (!chips.insert(table.chip).second)
        return fail(chipLabel(table.chip) + " has two routing tables");
      if (table.routes.size() > chip.routerEntries)
        return fail(what + " has " + std::to_string(table.routes.size()) +
                    " entries; the router holds " +
                    std::to_string(chip.routerEntries));
      for (size_t e = 0; e < table.routes.size(); ++e) {
        const PackageRoute &route = table.routes[e];
        std::string entry = what + ", entry " + std::to_string(e) + " (key " +
                            hex(route.key) + " mask " + hex(route.mask) + ")";
        std::set<std::string> names;
        for (const std::string &name : route.pes) {
          std::optional<spinnaker2::PEId> id = parsePEName(name);
          if (!id)
            return fail(entry + ": '" + name +
                        "' is not a PE name \"qx.qy.qp\"");
          if (!chip.hasQPE(id->qx, id->qy) || id->qp < 0 ||
              id->qp >= chip.pesPerQPE)
            return fail(entry + ": the chip has no PE " + name);
          if (!programs.count({table.chip, *id}))
            return fail(entry + ": PE " + name +
                        " runs no program of the package");
          if (!names.insert(name).second)
            return fail(entry + ": PE " + name + " is listed twice");
        }
        if (route.linkMask >> chip.chipLinks)
          return fail(entry + ": link mask " + hex(route.linkMask) +
                      " names links beyond the chip's " +
                      std::to_string(chip.chipLinks));
        for (int link = 0; link < chip.chipLinks && link < 6; ++link)
          if ((route.linkMask >> link & 1) &&
              !system.neighbour(table.chip, link))
            return fail(entry + ": link " + std::to_string(link) + " (" +
                        LinkNames[link] + ") leads off system '" +
                        system.name + "'");
      }
    }
    return true;
  }

  /// Traces each source's packets through the routing tables with the
  /// simulator's NoC model: a PE receives exactly the sources it waits for,
  /// nothing is dropped, and events go where the end-of-step signal goes.
  /// (Otherwise the run would fault, deadlock or drop.)
  bool checkDelivery() {
    const spinnaker2::ChipModel &chip = system.chip;
    const std::vector<spinnaker2::PEId> &all = chip.allPEs();
    auto localIndex = [&](const spinnaker2::PEId &id) {
      return static_cast<int>(std::find(all.begin(), all.end(), id) -
                              all.begin());
    };
    sim::Noc noc(system);
    for (const PackageRoutingTable &table : package.tables)
      for (const PackageRoute &route : table.routes) {
        sim::RouteEntry entry;
        entry.key = route.key;
        entry.mask = route.mask;
        entry.links = route.linkMask;
        for (const std::string &name : route.pes)
          entry.pes.push_back(localIndex(*parsePEName(name)));
        std::string message = noc.addRoute(table.chip, std::move(entry));
        if (!message.empty())
          return fail("routing: " + message);
      }
    std::map<std::pair<size_t, int>, size_t> byPlace;
    for (size_t i = 0; i < package.pes.size(); ++i) {
      const PackagePE &pe = package.pes[i];
      byPlace[{pe.chip, localIndex({pe.qx, pe.qy, pe.qp})}] = i;
    }
    // received[i]: the sources whose end-of-step signal reaches PE i.
    std::vector<std::set<uint32_t>> received(package.pes.size());
    for (size_t i = 0; i < package.pes.size(); ++i) {
      const PackagePE &pe = package.pes[i];
      if (!(images[i].flags & SPNC_PROGRAM_SEND_EOS))
        continue;
      auto destinations = [&](uint32_t key, const char *what,
                              std::set<size_t> &out) {
        const sim::RouteResult &result =
            noc.route(pe.chip, localIndex({pe.qx, pe.qy, pe.qp}), key);
        if (!result.drops.empty())
          return fail(peLabel(i) + ": its " + what + " (key " + hex(key) +
                      ") would be dropped: " + result.drops.front());
        for (const sim::Delivery &delivery : result.deliveries)
          out.insert(byPlace.at({delivery.chip, delivery.pe}));
        return true;
      };
      std::set<size_t> eos, events;
      if (!destinations(SPNC_EOS_KEY(pe.sourceId), "end-of-step signal",
                        eos) ||
          !destinations(SPNC_KEY(pe.sourceId, 0u), "events", events))
        return false;
      if (eos != events)
        return fail(peLabel(i) + ": its events (key " +
                    hex(SPNC_KEY(pe.sourceId, 0u)) +
                    ") and its end-of-step signal (key " +
                    hex(SPNC_EOS_KEY(pe.sourceId)) +
                    ") are routed to different PEs");
      for (size_t destination : eos)
        received[destination].insert(pe.sourceId);
    }
    for (size_t i = 0; i < package.pes.size(); ++i) {
      // A producer table the image does not initialise cannot be checked.
      if (images[i].producers.size() != images[i].numProducers)
        continue;
      std::set<uint32_t> waited;
      for (const spnc_producer &producer : images[i].producers)
        waited.insert(producer.source);
      for (uint32_t source : received[i])
        if (!waited.count(source))
          return fail(peLabel(i) + " receives the packets of source " +
                      std::to_string(source) +
                      " but does not list it among its producers (the PE "
                      "would fault on them)");
      for (uint32_t source : waited)
        if (!received[i].count(source))
          return fail(peLabel(i) + " waits for source " +
                      std::to_string(source) +
                      ", but the routing tables do not deliver its packets "
                      "to the PE (it would wait for ever)");
    }
    return true;
  }

  const Package &package;
  const spinnaker2::SystemModel &system;
  std::string error;
};

/// Loads the system a package targets. "" on success.
std::string loadSystem(const Package &package,
                       std::optional<spinnaker2::SystemModel> &system) {
  if (package.target != "spinnaker2")
    return "unknown target '" + package.target +
           "' (this spnc-run knows 'spinnaker2')";
  std::string error;
  system = spinnaker2::loadTarget(spinnaker2::defaultDescriptionPath(),
                                  package.system, error);
  return system ? "" : error;
}

/// The JSON library recurses over nested values; a crafted manifest must not
/// exhaust the stack. Counts brackets outside strings.
std::string checkNesting(const std::vector<uint8_t> &bytes, size_t begin,
                         size_t size) {
  constexpr int MaxDepth = 64;
  int depth = 0;
  bool inString = false, escaped = false;
  for (size_t i = begin; i < begin + size; ++i) {
    uint8_t c = bytes[i];
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > MaxDepth)
        return "the manifest nests deeper than " + std::to_string(MaxDepth) +
               " levels";
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return "";
}

/// Parses and validates; messages without the file name.
std::string parse(const std::vector<uint8_t> &bytes, Package &package) {
  if (bytes.empty())
    return "the file is empty, not a deployment package";
  // A proper prefix of the magic is a truncated package.
  size_t compared = std::min<size_t>(bytes.size(), SPNC_PACKAGE_MAGIC_BYTES);
  if (std::memcmp(bytes.data(), SPNC_PACKAGE_MAGIC, compared) != 0)
    return "not a SpiNNaker 2 deployment package (it does not start with "
           "the package magic \\x89S2PKG\\r\\n)";
  if (bytes.size() < HeaderBytes)
    return "truncated: " + std::to_string(bytes.size()) +
           " bytes, less than the " + std::to_string(HeaderBytes) +
           "-byte package header";
  uint32_t version = get32(bytes, VersionAt);
  if (version != SPNC_PACKAGE_FORMAT_VERSION)
    return "package format version " + std::to_string(version) +
           ", this spnc-run reads version " +
           std::to_string(SPNC_PACKAGE_FORMAT_VERSION) +
           " (rebuild the package with the spnc of this release)";
  package.formatVersion = version;
  if (get32(bytes, HeaderBytesAt) != HeaderBytes)
    return "corrupt header: " + std::to_string(get32(bytes, HeaderBytesAt)) +
           " header bytes, expected " + std::to_string(HeaderBytes);
  uint64_t fileBytes = get64(bytes, FileBytesAt);
  if (fileBytes > bytes.size())
    return "truncated: the header says " + std::to_string(fileBytes) +
           " bytes, the file has " + std::to_string(bytes.size());
  if (fileBytes < bytes.size())
    return std::to_string(bytes.size() - fileBytes) +
           " unexpected bytes after the end of the package (the header says " +
           std::to_string(fileBytes) + " bytes)";
  uint32_t stored = get32(bytes, ChecksumAt);
  uint32_t computed = packageChecksum(bytes);
  if (stored != computed)
    return "checksum mismatch (stored " + hex(stored) + ", computed " +
           hex(computed) + "): the file is corrupt";
  uint64_t manifestBytes = get32(bytes, ManifestBytesAt);
  if (manifestBytes > fileBytes - HeaderBytes)
    return "corrupt header: a manifest of " + std::to_string(manifestBytes) +
           " bytes does not fit in " + std::to_string(fileBytes) + " bytes";

  std::string nesting = checkNesting(bytes, HeaderBytes, manifestBytes);
  if (!nesting.empty())
    return nesting;
  Json manifest =
      Json::parse(bytes.begin() + HeaderBytes,
                  bytes.begin() + HeaderBytes + manifestBytes, nullptr, false);
  if (manifest.is_discarded())
    return "the manifest is not valid JSON";
  ManifestReader reader;
  std::vector<std::pair<uint64_t, uint64_t>> blobs;
  if (!readManifest(reader, manifest, package, blobs))
    return reader.error;

  // The images: in PE order, each 8-byte aligned, nothing else in between.
  uint64_t blobsAt = alignUp(HeaderBytes + manifestBytes);
  if (blobsAt > fileBytes)
    return "truncated: the images would start at byte " +
           std::to_string(blobsAt) + " of " + std::to_string(fileBytes);
  uint64_t expected = 0, available = fileBytes - blobsAt;
  for (size_t i = 0; i < blobs.size(); ++i) {
    auto [offset, size] = blobs[i];
    std::string what = "pes[" + std::to_string(i) + "] (PE " +
                       peText(package.pes[i]) + ")";
    if (offset != expected)
      return what + ": its image is at offset " + std::to_string(offset) +
             ", expected " + std::to_string(expected) +
             " (images follow each other in PE order, 8-byte aligned)";
    if (size > available || offset > available - size)
      return what + ": its image " + range(offset, offset + size) +
             " lies outside the " + std::to_string(available) +
             " bytes of images";
    package.pes[i].elf.assign(bytes.begin() + blobsAt + offset,
                              bytes.begin() + blobsAt + offset + size);
    expected = alignUp(offset + size);
  }
  if (expected != available)
    return std::to_string(available - std::min(expected, available)) +
           " bytes after the last image belong to nothing";

  if (package.abiVersion != SPNC_ABI_VERSION)
    return "the images are built for ABI version " +
           std::to_string(package.abiVersion) + ", this spnc-run implements " +
           std::to_string(SPNC_ABI_VERSION);
  // The simulator's step gate: more than a few steps would need event
  // buffers no PE has.
  if (package.stepsInFlight < 1 || package.stepsInFlight > 64)
    return "steps_in_flight is " + std::to_string(package.stepsInFlight) +
           "; expected 1 to 64";
  std::optional<spinnaker2::SystemModel> system;
  std::string error = loadSystem(package, system);
  if (!error.empty())
    return error;
  return Validator(package, *system).run();
}

std::optional<std::vector<uint8_t>> readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad())
    return std::nullopt;
  return bytes;
}

} // namespace

//===----------------------------------------------------------------------===//
// API
//===----------------------------------------------------------------------===//

std::string derivePackageIO(Package &package) {
  std::optional<spinnaker2::SystemModel> system;
  std::string error = loadSystem(package, system);
  if (!error.empty())
    return error;
  std::vector<PackageIOBinding> io;
  for (size_t i = 0; i < package.pes.size(); ++i) {
    const PackagePE &pe = package.pes[i];
    std::string label = "PE " + peText(pe);
    std::optional<sim::ElfImage> elf =
        sim::ElfImage::parse(pe.elf, label, error);
    if (!elf)
      return elfError(label, error);
    std::optional<sim::Image> image =
        sim::validateImage(std::move(*elf), system->chip, label, error);
    if (!image)
      return error;
    for (bool input : {true, false})
      for (const spnc_io_buffer &buffer :
           input ? image->inputs : image->outputs)
        io.push_back({input, static_cast<uint32_t>(i), buffer.tensor,
                      buffer.offset, buffer.bytes, buffer.address,
                      buffer.flags});
  }
  package.io = std::move(io);
  return "";
}

std::string writePackage(const Package &package, std::vector<uint8_t> &bytes) {
  std::vector<uint8_t> result;
  std::string error = serialize(package, result);
  if (!error.empty())
    return error;
  // Never write what spnc-run would refuse to load.
  Package check;
  error = parse(result, check);
  if (!error.empty())
    return "the package would not load: " + error;
  bytes = std::move(result);
  return "";
}

std::string writePackageFile(const Package &package, const std::string &path) {
  std::vector<uint8_t> bytes;
  std::string error = writePackage(package, bytes);
  if (!error.empty())
    return error;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return "cannot write '" + path + "'";
  out.write(reinterpret_cast<const char *>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    return "cannot write '" + path + "'";
  return "";
}

PackageReadResult readPackage(const std::vector<uint8_t> &bytes,
                              const std::string &sourceName) {
  PackageReadResult result;
  std::string error;
  try {
    error = parse(bytes, result.package);
  } catch (const std::exception &e) {
    // The reader checks types before it converts; this is a last line of
    // defence against a corner it missed.
    error = std::string("malformed manifest: ") + e.what();
  }
  if (!error.empty()) {
    result.package = Package();
    result.error = "'" + sourceName + "': " + error;
  }
  return result;
}

PackageReadResult readPackageFile(const std::string &path) {
  std::optional<std::vector<uint8_t>> bytes = readBytes(path);
  if (!bytes) {
    PackageReadResult result;
    result.error = "cannot read '" + path + "'";
    return result;
  }
  return readPackage(*bytes, path);
}

bool isPackageFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  char magic[SPNC_PACKAGE_MAGIC_BYTES];
  return in.read(magic, sizeof magic) &&
         std::memcmp(magic, SPNC_PACKAGE_MAGIC, sizeof magic) == 0;
}

} // namespace spnc::rt
