//===- PackageTest.cpp - The deployment package and its runner ------------===//
//
// Builds packages from the hand-written PE programs of
// spinnaker2-target/tests, round-trips them, breaks them one thing at a time
// (bytes, header, manifest, images, io map, routes) and checks each is
// refused with a message naming what is wrong, then runs them on the
// simulator through PackageRunner with the host runner's conventions.
//
//===----------------------------------------------------------------------===//
#include "spnc-runtime/Package.h"
#include "spnc-runtime/PackageRunner.h"

#include "spinnaker2/TargetModel.h"
#include "spinnaker2/abi.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>

using namespace spnc::rt;
using Json = nlohmann::ordered_json;
using Bytes = std::vector<uint8_t>;

namespace {

Bytes readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)),
               std::istreambuf_iterator<char>());
}

uint32_t get32(const Bytes &b, size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | uint32_t(b[at + 3]) << 24;
}
void put32(Bytes &b, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = static_cast<uint8_t>(value >> (8 * i));
}
void put64(Bytes &b, size_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i)
    b[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

/// CRC-32 bit by bit (the reflected IEEE polynomial): an implementation
/// independent of the library's table-driven one.
uint32_t crc32(const Bytes &bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < bytes.size(); ++i) {
    uint8_t byte = (i >= 28 && i < 32) ? 0 : bytes[i]; // the checksum field
    crc ^= byte;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

uint32_t bitsOf(float value) {
  uint32_t u;
  std::memcpy(&u, &value, 4);
  return u;
}

PackagePE makePE(const char *elf, int qx, int qy, int qp, uint32_t source,
                 const std::string &population, uint32_t chip = 0) {
  PackagePE pe;
  pe.chip = chip;
  pe.qx = qx;
  pe.qy = qy;
  pe.qp = qp;
  pe.population = population;
  pe.unitBegin = 0;
  pe.unitEnd = 1;
  pe.sourceId = source;
  pe.key = SPNC_KEY(source, 0u);
  pe.mask = SPNC_KEY_SOURCE_MASK;
  pe.dvfs = "PL4";
  pe.elf = readFile(elf);
  return pe;
}

PackageRoute sourceRoute(uint32_t source, std::vector<std::string> pes,
                         uint32_t links = 0) {
  PackageRoute route;
  route.key = SPNC_KEY(source, 0u);
  route.mask = SPNC_KEY_SOURCE_MASK;
  route.pes = std::move(pes);
  route.linkMask = links;
  return route;
}

Package basePackage(const std::string &name, const std::string &system) {
  Package package;
  package.abiVersion = SPNC_ABI_VERSION;
  package.target = "spinnaker2";
  package.system = system;
  package.modelName = name;
  return package;
}

/// Ping-pong (spinnaker2-target/tests/pingpong.c): A at 2.1.0 starts from
/// its input (read once), B at 6.5.3 doubles, A adds one. `a_prev` is a
/// state input: it sets A's value before step 0.
Package pingpongPackage() {
  Package package = basePackage("pingpong", "chip");
  package.inputs = {{"a_prev", DType::F32, {1}, "a"}};
  package.outputs = {{"a", DType::F32, {1}, ""}, {"b", DType::F32, {1}, ""}};
  package.pes = {makePE(SPNC_PE_PINGPONG_A, 2, 1, 0, 1, "a"),
                 makePE(SPNC_PE_PINGPONG_B, 6, 5, 3, 2, "b")};
  PackageRoutingTable table;
  table.chip = 0;
  table.uncompressedEntries = 2;
  table.routes = {sourceRoute(1, {"6.5.3"}), sourceRoute(2, {"2.1.0"})};
  package.tables = {table};
  package.reportJson = R"({"pes": 2, "bound": {"pes": 2}})";
  EXPECT_EQ(derivePackageIO(package), "");
  return package;
}

/// Accumulate (accumulate.c): three producers send their slice of input
/// `x` (float32[3, 8], per step) to a consumer that sums in the runtime's
/// canonical order.
constexpr int Producers = 3, Events = 8;
Package accumulatePackage() {
  Package package = basePackage("accumulate", "chip");
  package.inputs = {{"x", DType::F32, {Producers, Events}, ""}};
  package.outputs = {{"sum", DType::F32, {}, ""},
                     {"seen", DType::U32, {Producers * Events}, ""}};
  const char *programs[Producers] = {SPNC_PE_ACCUMULATE_P1,
                                     SPNC_PE_ACCUMULATE_P2,
                                     SPNC_PE_ACCUMULATE_P3};
  const int where[Producers][3] = {{3, 2, 0}, {6, 6, 1}, {7, 1, 2}};
  PackageRoutingTable table;
  for (int p = 0; p < Producers; ++p) {
    package.pes.push_back(makePE(programs[p], where[p][0], where[p][1],
                                 where[p][2], p + 1, "producer"));
    package.pes.back().unitBegin = p * Events;
    package.pes.back().unitEnd = (p + 1) * Events;
    table.routes.push_back(sourceRoute(p + 1, {"2.5.3"}));
  }
  package.pes.push_back(makePE(SPNC_PE_ACCUMULATE_C, 2, 5, 3, 9, "consumer"));
  table.uncompressedEntries = table.routes.size();
  package.tables = {table};
  EXPECT_EQ(derivePackageIO(package), "");
  return package;
}

Bytes serialize(const Package &package) {
  Bytes bytes;
  EXPECT_EQ(writePackage(package, bytes), "");
  return bytes;
}

/// Rewrites a valid package's manifest with `edit` (and its images with
/// `editImages`, given the image area), keeping the file consistent: sizes
/// and the checksum are recomputed, so only the edit is wrong.
Bytes rebuild(const Bytes &valid, const std::function<void(Json &)> &edit,
              const std::function<void(Json &, Bytes &)> &editImages = {}) {
  uint32_t manifestBytes = get32(valid, 24);
  Json manifest = Json::parse(valid.begin() + 32,
                              valid.begin() + 32 + manifestBytes);
  size_t imagesAt = (32 + manifestBytes + 7) / 8 * 8;
  Bytes images(valid.begin() + imagesAt, valid.end());
  if (edit)
    edit(manifest);
  if (editImages)
    editImages(manifest, images);
  std::string text = manifest.dump(1);
  Bytes bytes(valid.begin(), valid.begin() + 32);
  bytes.insert(bytes.end(), text.begin(), text.end());
  bytes.resize((bytes.size() + 7) / 8 * 8, 0);
  bytes.insert(bytes.end(), images.begin(), images.end());
  put32(bytes, 24, static_cast<uint32_t>(text.size()));
  put64(bytes, 16, bytes.size());
  put32(bytes, 28, crc32(bytes));
  return bytes;
}

/// readPackage's error for `bytes` ("" if it loads).
std::string readError(const Bytes &bytes) {
  PackageReadResult result = readPackage(bytes, "test.s2pkg");
  return result.error;
}

#define EXPECT_REFUSED(bytes, text)                                           \
  do {                                                                        \
    std::string message = readError(bytes);                                   \
    EXPECT_NE(message.find(text), std::string::npos)                          \
        << "expected '" << (text) << "' in: " << message;                     \
    EXPECT_EQ(message.rfind("'test.s2pkg': ", 0), 0u) << message;             \
  } while (0)

//===----------------------------------------------------------------------===//
// Format
//===----------------------------------------------------------------------===//

TEST(PackageTest, RoundTrip) {
  Package package = pingpongPackage();
  ASSERT_EQ(package.io.size(), 3u) << "A: one input, one output; B: output";
  Bytes bytes = serialize(package);
  ASSERT_GT(bytes.size(), 32u);
  EXPECT_EQ(std::memcmp(bytes.data(), SPNC_PACKAGE_MAGIC, 8), 0);
  EXPECT_EQ(get32(bytes, 8), SPNC_PACKAGE_FORMAT_VERSION);
  EXPECT_EQ(get32(bytes, 28), crc32(bytes)) << "zlib's CRC-32";
  EXPECT_EQ(bytes.size() % 8, 0u);

  PackageReadResult read = readPackage(bytes, "pingpong.s2pkg");
  ASSERT_TRUE(read) << read.error;
  const Package &back = read.package;
  EXPECT_EQ(back.formatVersion, SPNC_PACKAGE_FORMAT_VERSION);
  EXPECT_EQ(back.abiVersion, package.abiVersion);
  EXPECT_EQ(back.target, package.target);
  EXPECT_EQ(back.system, package.system);
  EXPECT_EQ(back.modelName, package.modelName);
  ASSERT_EQ(back.inputs.size(), 1u);
  EXPECT_EQ(back.inputs[0].name, "a_prev");
  EXPECT_EQ(back.inputs[0].dtype, DType::F32);
  EXPECT_EQ(back.inputs[0].shape, std::vector<int64_t>{1});
  EXPECT_EQ(back.inputs[0].stateOutput, "a");
  ASSERT_EQ(back.outputs.size(), 2u);
  EXPECT_EQ(back.outputs[1].name, "b");
  ASSERT_EQ(back.pes.size(), package.pes.size());
  for (size_t i = 0; i < package.pes.size(); ++i) {
    const PackagePE &a = package.pes[i], &b = back.pes[i];
    EXPECT_EQ(std::tie(a.chip, a.qx, a.qy, a.qp, a.population, a.unitBegin,
                       a.unitEnd, a.sourceId, a.key, a.mask, a.dvfs),
              std::tie(b.chip, b.qx, b.qy, b.qp, b.population, b.unitBegin,
                       b.unitEnd, b.sourceId, b.key, b.mask, b.dvfs));
    EXPECT_EQ(a.elf, b.elf) << "PE " << i;
  }
  ASSERT_EQ(back.tables.size(), 1u);
  EXPECT_EQ(back.tables[0].uncompressedEntries, 2u);
  ASSERT_EQ(back.tables[0].routes.size(), 2u);
  EXPECT_EQ(back.tables[0].routes[1].key, SPNC_KEY(2u, 0u));
  EXPECT_EQ(back.tables[0].routes[1].pes, std::vector<std::string>{"2.1.0"});
  ASSERT_EQ(back.io.size(), package.io.size());
  for (size_t i = 0; i < package.io.size(); ++i) {
    const PackageIOBinding &a = package.io[i], &b = back.io[i];
    EXPECT_EQ(std::tie(a.input, a.pe, a.tensor, a.offset, a.bytes, a.address,
                       a.flags),
              std::tie(b.input, b.pe, b.tensor, b.offset, b.bytes, b.address,
                       b.flags));
  }
  EXPECT_EQ(Json::parse(back.reportJson), Json::parse(package.reportJson));

  // Writing what was read gives the same bytes.
  EXPECT_EQ(serialize(back), bytes);
  // And through a file.
  std::string path = testing::TempDir() + "roundtrip.s2pkg";
  ASSERT_EQ(writePackageFile(package, path), "");
  EXPECT_TRUE(isPackageFile(path));
  PackageReadResult fromFile = readPackageFile(path);
  ASSERT_TRUE(fromFile) << fromFile.error;
  EXPECT_EQ(serialize(fromFile.package), bytes);
  EXPECT_FALSE(isPackageFile(SPNC_PE_PINGPONG_A));
  EXPECT_NE(readPackageFile(path + ".missing").error.find("cannot read"),
            std::string::npos);
}

TEST(PackageTest, DerivedIOFollowsTheDescriptors) {
  Package package = accumulatePackage();
  // Each producer reads its 32 bytes of x per step; the consumer writes
  // both outputs.
  ASSERT_EQ(package.io.size(), 5u);
  for (uint32_t p = 0; p < Producers; ++p) {
    const PackageIOBinding &b = package.io[p];
    EXPECT_TRUE(b.input);
    EXPECT_EQ(b.pe, p);
    EXPECT_EQ(b.tensor, 0u);
    EXPECT_EQ(b.offset, p * Events * 4);
    EXPECT_EQ(b.bytes, Events * 4u);
    EXPECT_EQ(b.flags, SPNC_IO_PER_STEP);
    EXPECT_GE(b.address, SPNC_DATA_BASE);
  }
  EXPECT_FALSE(package.io[3].input);
  EXPECT_EQ(package.io[4].tensor, 1u);
  EXPECT_EQ(package.io[4].bytes, Producers * Events * 4u);
  Package broken = package;
  broken.pes[1].elf.resize(10);
  EXPECT_NE(derivePackageIO(broken).find("PE 6.6.1: not an ELF file"),
            std::string::npos)
      << derivePackageIO(broken);
}

TEST(PackageTest, BadBytesAreRefused) {
  Bytes valid = serialize(pingpongPackage());
  ASSERT_EQ(readError(valid), "");

  EXPECT_REFUSED(Bytes{}, "the file is empty");
  Bytes text = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'};
  EXPECT_REFUSED(text, "not a SpiNNaker 2 deployment package");
  Bytes elf = readFile(SPNC_PE_PINGPONG_A);
  EXPECT_REFUSED(elf, "not a SpiNNaker 2 deployment package");

  Bytes badMagic = valid;
  badMagic[1] = 'X';
  EXPECT_REFUSED(badMagic, "not a SpiNNaker 2 deployment package");

  Bytes newer = valid;
  put32(newer, 8, SPNC_PACKAGE_FORMAT_VERSION + 1);
  EXPECT_REFUSED(newer, "package format version " +
                            std::to_string(SPNC_PACKAGE_FORMAT_VERSION + 1) +
                            ", this spnc-run reads version " +
                            std::to_string(SPNC_PACKAGE_FORMAT_VERSION));

  Bytes header = valid;
  put32(header, 12, 64);
  EXPECT_REFUSED(header, "corrupt header: 64 header bytes, expected 32");

  Bytes truncated(valid.begin(), valid.end() - 100);
  EXPECT_REFUSED(truncated, "truncated: the header says " +
                                std::to_string(valid.size()) +
                                " bytes, the file has " +
                                std::to_string(valid.size() - 100));
  EXPECT_REFUSED(Bytes(valid.begin(), valid.begin() + 20),
                 "truncated: 20 bytes, less than the 32-byte package header");
  EXPECT_REFUSED(Bytes(valid.begin(), valid.begin() + 3), "truncated");

  Bytes longer = valid;
  longer.push_back(0);
  EXPECT_REFUSED(longer, "1 unexpected bytes after the end of the package");

  Bytes flipped = valid;
  flipped[valid.size() / 2] ^= 0x10; // inside an image
  EXPECT_REFUSED(flipped, "checksum mismatch");
  Bytes manifestFlip = valid;
  manifestFlip[40] ^= 0x01;
  EXPECT_REFUSED(manifestFlip, "the file is corrupt");
}

TEST(PackageTest, EveryTruncationAndByteFlipIsRefused) {
  Bytes valid = serialize(pingpongPackage());
  for (size_t length = 0; length < valid.size(); ++length) {
    Bytes prefix(valid.begin(), valid.begin() + length);
    std::string error = readError(prefix);
    ASSERT_FALSE(error.empty()) << "a prefix of " << length << " bytes loaded";
    if (length >= SPNC_PACKAGE_MAGIC_BYTES || length == 0)
      continue;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  }
  std::mt19937 random(20240611);
  for (int trial = 0; trial < 3000; ++trial) {
    Bytes bytes = valid;
    int flips = 1 + trial % 4;
    for (int f = 0; f < flips; ++f) {
      size_t at = random() % bytes.size();
      uint8_t mask = static_cast<uint8_t>(1 + random() % 255);
      bytes[at] ^= mask;
    }
    if (bytes == valid)
      continue;
    ASSERT_FALSE(readError(bytes).empty()) << "trial " << trial;
  }
}

TEST(PackageTest, BadManifestsAreRefused) {
  Bytes valid = serialize(pingpongPackage());
  ASSERT_EQ(readError(rebuild(valid, {})), "") << "rebuild keeps it valid";

  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m.erase("io"); }),
                 "manifest: top level: missing field 'io'");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["extra"] = 1; }),
                 "manifest: top level: unknown field 'extra'");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["pes"][1]["chip"] = "0"; }),
                 "manifest: pes[1].chip: expected a non-negative integer");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["pes"][0]["key"] = -1; }),
                 "manifest: pes[0].key: expected a non-negative integer");
  EXPECT_REFUSED(
      rebuild(valid, [](Json &m) { m["pes"][0]["key"] = 1ull << 32; }),
      "manifest: pes[0].key: 4294967296 is out of range");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["pes"][0]["pe"] = "2.1"; }),
                 "manifest: pes[0].pe: '2.1' is not a PE name");
  EXPECT_REFUSED(
      rebuild(valid, [](Json &m) { m["inputs"][0]["dtype"] = "float7"; }),
      "manifest: inputs[0].dtype: unknown element type 'float7'");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["io"][0]["kind"] = "both"; }),
                 "manifest: io[0].kind: expected \"input\" or \"output\"");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["report"] = 3; }),
                 "manifest: report: expected an object or null");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           Json deep = Json::array();
                           for (int i = 0; i < 100; ++i)
                             deep = Json::array({deep});
                           m["report"] = {{"deep", deep}};
                         }),
                 "the manifest nests deeper than 64 levels");

  // Not JSON at all, with a correct checksum.
  Bytes broken = valid;
  broken[32] = '#';
  put32(broken, 28, crc32(broken));
  EXPECT_REFUSED(broken, "the manifest is not valid JSON");
  Bytes huge = valid;
  put32(huge, 24, 0xFFFFFF00u);
  put32(huge, 28, crc32(huge));
  EXPECT_REFUSED(huge, "corrupt header: a manifest of 4294967040 bytes");
}

TEST(PackageTest, VersionsAndTargetsAreChecked) {
  Bytes valid = serialize(pingpongPackage());
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["abi_version"] = 7; }),
                 "the images are built for ABI version 7, this spnc-run "
                 "implements " +
                     std::to_string(SPNC_ABI_VERSION));
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["target"] = "loihi"; }),
                 "unknown target 'loihi'");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["system"] = "board7"; }),
                 "unknown target system 'board7'");
}

TEST(PackageTest, BadPEsAreRefused) {
  Bytes valid = serialize(pingpongPackage());
  auto pe = [&](const std::function<void(Json &)> &edit) {
    return rebuild(valid, [&](Json &m) { edit(m["pes"][1]); });
  };
  EXPECT_REFUSED(pe([](Json &p) { p["chip"] = 2; }),
                 "PE 6.5.3 (population 'b') is on chip 2, but system 'chip' "
                 "has 1 chip(s)");
  EXPECT_REFUSED(pe([](Json &p) { p["pe"] = "9.9.0"; }),
                 "PE 9.9.0 (population 'b'): no such PE on the chip");
  EXPECT_REFUSED(pe([](Json &p) { p["pe"] = "4.3.0"; }), "PE 4.3.0 (population 'b'): no such PE");
  EXPECT_REFUSED(pe([](Json &p) { p["pe"] = "6.5.4"; }), "PE 6.5.4 (population 'b'): no such PE");
  EXPECT_REFUSED(pe([](Json &p) { p["pe"] = "1.1.2"; }),
                 "PE 1.1.2 (population 'b'): reserved for system software");
  EXPECT_REFUSED(pe([](Json &p) { p["pe"] = "2.1.0"; }),
                 "PE 2.1.0 (population 'b') is used twice (PEs 0 and 1");
  EXPECT_REFUSED(pe([](Json &p) { p["dvfs"] = "PL9"; }),
                 "unknown DVFS level 'PL9'");
  EXPECT_REFUSED(pe([](Json &p) { p["units"] = {5, 2}; }),
                 "unit range [5, 2) is not a range");
  EXPECT_REFUSED(pe([](Json &p) { p["source"] = 1; }),
                 "PE 6.5.3 (population 'b') and PE 2.1.0 (population 'a') "
                 "both send as source 1");
  EXPECT_REFUSED(pe([](Json &p) { p["source"] = 0x1FFF; }),
                 "source id 8191 is reserved");
  EXPECT_REFUSED(pe([](Json &p) {
                   p["source"] = 3;
                   p["key"] = SPNC_KEY(3u, 0u);
                 }),
                 "the package says source 3, the image's program descriptor "
                 "says 2");
  EXPECT_REFUSED(pe([](Json &p) { p["key"] = SPNC_KEY(3u, 0u); }),
                 "is not a block of source 2's keys");
  EXPECT_REFUSED(pe([](Json &p) { p["mask"] = 0xFF000000u; }),
                 "is not a block of source 2's keys");
  EXPECT_EQ(readError(pe([](Json &p) { p["mask"] = 0xFFFF0000u; })), "")
      << "a part of the source's keys";
  EXPECT_REFUSED(rebuild(
                     valid,
                     [](Json &m) {
                       m["pes"] = Json::array();
                       m["io"] = Json::array();
                       m["routing"] = Json::array();
                     },
                     [](Json &, Bytes &images) { images.clear(); }),
                 "the package has no PEs");
}

TEST(PackageTest, BadImagesAreRefused) {
  Bytes valid = serialize(pingpongPackage());
  auto image = [&](size_t pe, const std::function<void(Bytes &)> &edit) {
    return rebuild(valid, {}, [&](Json &m, Bytes &images) {
      size_t at = m["pes"][pe]["elf_offset"].get<size_t>();
      size_t size = m["pes"][pe]["elf_bytes"].get<size_t>();
      Bytes elf(images.begin() + at, images.begin() + at + size);
      edit(elf);
      ASSERT_EQ(elf.size(), size);
      std::copy(elf.begin(), elf.end(), images.begin() + at);
    });
  };
  EXPECT_REFUSED(image(1, [](Bytes &elf) { elf[1] = 'X'; }),
                 "PE 6.5.3 (population 'b'): not an ELF file");
  EXPECT_REFUSED(image(0, [](Bytes &elf) { elf[18] = 3; }),
                 "PE 2.1.0 (population 'a'): not an ARM ELF file");
  // The program header's magic (at 0x100 of the code segment): find it.
  EXPECT_REFUSED(image(0,
                       [](Bytes &elf) {
                         const uint8_t magic[4] = {'S', 'P', 'N', 'C'};
                         auto it = std::search(elf.begin(), elf.end(), magic,
                                               magic + 4);
                         ASSERT_NE(it, elf.end());
                         *it = 'X';
                       }),
                 "PE 2.1.0 (population 'a'): the program header at 0x100 has "
                 "magic");

  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["pes"][1]["elf_offset"] = 8; }),
                 "pes[1] (PE 6.5.3): its image is at offset 8, expected");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["pes"][1]["elf_bytes"] =
                               m["pes"][1]["elf_bytes"].get<uint64_t>() + 4096;
                         }),
                 "pes[1] (PE 6.5.3): its image [");
  EXPECT_REFUSED(rebuild(valid, {},
                         [](Json &, Bytes &images) {
                           images.insert(images.end(), 16, 0);
                         }),
                 "16 bytes after the last image belong to nothing");
}

TEST(PackageTest, BadIOBindingsAreRefused) {
  Bytes valid = serialize(pingpongPackage());
  // io: [0] A's input a_prev, [1] A's output a, [2] B's output b.
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["io"][0]["address"] = 0x9000; }),
                 "io[0] (input 'a_prev' of PE 2.1.0 (population 'a')): input "
                 "tensor 0 bytes [0, 4) at 0x9000 once is not a buffer of the "
                 "PE's program descriptor");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["io"][2]["pe"] = 0; }),
                 "is not a buffer of the PE's program descriptor");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["io"][2]["pe"] = 5; }),
                 "io[2] names PE 5, but the package has 2");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["io"][0]["tensor"] = 4; }),
                 "names input tensor 4, but the package has 1");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["io"].erase(2); }),
                 "PE 6.5.3 (population 'b'): the program descriptor has "
                 "output tensor 1 bytes [0, 4)");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["io"].push_back(m["io"][2]);
                         }),
                 "io[3] (output 'b' of PE 6.5.3 (population 'b'))");
  // The tensors must agree with the bindings.
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["outputs"][1]["shape"] = {2};
                         }),
                 "output 'b': no PE writes bytes [4, 8) of its 8 bytes per "
                 "step");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["outputs"][0]["dtype"] = "float16";
                           m["inputs"][0]["dtype"] = "float16";
                         }),
                 "bytes [0, 4) lie outside one step of float16[1] (2 bytes)");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["inputs"][0]["state_output"] = "c";
                         }),
                 "state input 'a_prev' names output 'c', which the package "
                 "does not have");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["inputs"][0]["state_output"] = "b";
                           m["outputs"][1]["shape"] = Json::array();
                         }),
                 "state input 'a_prev' (float32[1]) pairs with output 'b' "
                 "(float32[]); they must have the same type");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) { m["outputs"][1]["name"] = "a"; }),
                 "two outputs are named 'a'");
}

TEST(PackageTest, PerStepStateAndOnceOutputsAreRefused) {
  // The accumulate producers read x per step: x cannot be a state input.
  Package package = accumulatePackage();
  package.outputs.push_back({"x", DType::F32, {Producers, Events}, ""});
  package.inputs[0].name = "x_prev";
  package.inputs[0].stateOutput = "x";
  Bytes bytes;
  std::string error = writePackage(package, bytes);
  EXPECT_NE(error.find("the package would not load: io[0] (input 'x_prev' of "
                       "PE 3.2.0 (population 'producer')) is written per "
                       "step, but a state input sets the initial state once"),
            std::string::npos)
      << error;
  EXPECT_TRUE(bytes.empty()) << "nothing is written on failure";
  // An input read per step by one PE (a producer) and once by another (the
  // receiver reads input 0 once) is ambiguous.
  Package mixed = basePackage("mixed", "chip");
  mixed.inputs = {{"x", DType::F32, {Producers, Events}, ""}};
  mixed.outputs = {{"received", DType::U32, {1}, ""}};
  mixed.pes = {makePE(SPNC_PE_ACCUMULATE_P1, 3, 2, 0, 1, "producer"),
               makePE(SPNC_PE_RECEIVER, 3, 2, 1, 2, "receiver")};
  ASSERT_EQ(derivePackageIO(mixed), "");
  error = writePackage(mixed, bytes);
  EXPECT_NE(error.find("io[1] (input 'x' of PE 3.2.1 (population "
                       "'receiver')) is written once, io[0] the same tensor "
                       "per step"),
            std::string::npos)
      << error;
}

TEST(PackageTest, BadRoutesAreRefused) {
  Bytes valid = serialize(pingpongPackage());
  auto route = [&](const std::function<void(Json &)> &edit) {
    return rebuild(valid, [&](Json &m) { edit(m["routing"][0]["routes"][0]); });
  };
  EXPECT_REFUSED(route([](Json &r) { r["pes"] = {"9.9.9"}; }),
                 "the routing table of chip 0 (0,0), entry 0 (key 0x80000 "
                 "mask 0xfff80000): the chip has no PE 9.9.9");
  EXPECT_REFUSED(route([](Json &r) { r["pes"] = {"5.5.1"}; }),
                 "entry 0 (key 0x80000 mask 0xfff80000): PE 5.5.1 runs no "
                 "program of the package");
  EXPECT_REFUSED(route([](Json &r) { r["pes"] = {"six"}; }),
                 "'six' is not a PE name");
  EXPECT_REFUSED(route([](Json &r) { r["pes"] = {"6.5.3", "6.5.3"}; }),
                 "PE 6.5.3 is listed twice");
  EXPECT_REFUSED(route([](Json &r) { r["links"] = 1; }),
                 "link 0 (E) leads off system 'chip'");
  EXPECT_REFUSED(route([](Json &r) { r["links"] = 0x40; }),
                 "link mask 0x40 names links beyond the chip's 6");
  EXPECT_REFUSED(rebuild(valid, [](Json &m) { m["routing"][0]["chip"] = 1; }),
                 "routing table 0 is for chip 1, but system 'chip' has 1");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           m["routing"].push_back(m["routing"][0]);
                         }),
                 "chip 0 (0,0) has two routing tables");
  EXPECT_REFUSED(rebuild(valid,
                         [](Json &m) {
                           Json &routes = m["routing"][0]["routes"];
                           while (routes.size() <= 16384)
                             routes.push_back(routes[0]);
                         }),
                 "the routing table of chip 0 (0,0) has 16385 entries; the "
                 "router holds 16384");
}

TEST(PackageTest, RoutesMustDeliverWhatPEsWaitFor) {
  Bytes bytes;
  // Producer 1's packets also reach producer 2, which waits for nobody.
  Package extra = accumulatePackage();
  extra.tables[0].routes[0].pes.push_back("6.6.1");
  std::string error = writePackage(extra, bytes);
  EXPECT_NE(error.find("PE 6.6.1 (population 'producer') receives the packets "
                       "of source 1 but does not list it among its producers"),
            std::string::npos)
      << error;
  // Producer 3's entry delivers nowhere: the consumer would wait for ever.
  Package nowhere = accumulatePackage();
  nowhere.tables[0].routes[2].pes.clear();
  error = writePackage(nowhere, bytes);
  EXPECT_NE(error.find("PE 2.5.3 (population 'consumer') waits for source 3, "
                       "but the routing tables do not deliver its packets to "
                       "the PE"),
            std::string::npos)
      << error;
  // An entry for A's end-of-step key alone sends it elsewhere than A's
  // events.
  Package split = pingpongPackage();
  PackageRoute eos;
  eos.key = SPNC_EOS_KEY(1u);
  eos.mask = 0xFFFFFFFFu;
  eos.pes = {"2.1.0"};
  split.tables[0].routes.insert(split.tables[0].routes.begin(), eos);
  error = writePackage(split, bytes);
  EXPECT_NE(error.find("PE 2.1.0 (population 'a'): its events (key 0x80000) "
                       "and its end-of-step signal (key 0xfffff) are routed "
                       "to different PEs"),
            std::string::npos)
      << error;
  // Routes that loop between chips drop packets.
  Package loop = basePackage("loop", "board48");
  std::string message;
  std::optional<spinnaker2::SystemModel> board = spinnaker2::loadTarget(
      spinnaker2::defaultDescriptionPath(), "board48", message);
  ASSERT_TRUE(board) << message;
  uint32_t origin = uint32_t(*board->findChip({0, 0}));
  uint32_t east = uint32_t(*board->findChip({1, 0}));
  loop.inputs = {{"n", DType::U32, {1}, ""}};
  loop.pes = {makePE(SPNC_PE_SENDER, 2, 1, 0, 1, "sender", origin)};
  PackageRoutingTable there, back;
  there.chip = origin;
  there.routes = {sourceRoute(1, {}, 1u << 0)};
  back.chip = east;
  back.routes = {sourceRoute(1, {}, 1u << 3)};
  loop.tables = {there, back};
  ASSERT_EQ(derivePackageIO(loop), "");
  error = writePackage(loop, bytes);
  EXPECT_NE(error.find("would be dropped: key 0x000fffff loops back to chip "
                       "(0,0)"),
            std::string::npos)
      << error;
}

TEST(PackageTest, WritingRefusesWhatWouldNotLoad) {
  Package package = pingpongPackage();
  package.pes[1].elf.clear();
  Bytes bytes;
  std::string error = writePackage(package, bytes);
  EXPECT_NE(error.find("the package would not load: PE 6.5.3 (population "
                       "'b'): not an ELF file"),
            std::string::npos)
      << error;
  package = pingpongPackage();
  package.reportJson = "{not json";
  EXPECT_EQ(writePackage(package, bytes),
            "the mapping report (Package::reportJson) is not valid JSON");
  package = pingpongPackage();
  EXPECT_NE(writePackageFile(package, "/nonexistent-dir/x.s2pkg")
                .find("cannot write '/nonexistent-dir/x.s2pkg'"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Running packages
//===----------------------------------------------------------------------===//

std::unique_ptr<PackageRunner> makeRunner(const Package &package,
                                          PackageRunOptions options = {}) {
  // Through the bytes, as spnc-run gets it.
  PackageReadResult read = readPackage(serialize(package), "test.s2pkg");
  EXPECT_TRUE(read) << read.error;
  std::string error;
  std::unique_ptr<PackageRunner> runner =
      PackageRunner::create(read.package, options, error);
  EXPECT_NE(runner, nullptr) << error;
  return runner;
}

Tensor floats(std::vector<int64_t> shape, const std::vector<float> &values) {
  Tensor tensor(DType::F32, std::move(shape));
  EXPECT_EQ(tensor.data.size(), values.size() * 4);
  std::memcpy(tensor.data.data(), values.data(), tensor.data.size());
  return tensor;
}

std::vector<float> floatsOf(const Tensor &tensor) {
  std::vector<float> values(tensor.numElements());
  std::memcpy(values.data(), tensor.data.data(), tensor.data.size());
  return values;
}

TEST(PackageTest, PingPongRunsWithState) {
  std::vector<std::pair<uint32_t, uint32_t>> progress;
  PackageRunOptions options;
  options.progress = [&](uint32_t done, uint32_t total) {
    progress.push_back({done, total});
  };
  std::unique_ptr<PackageRunner> runner = makeRunner(pingpongPackage(), options);
  ASSERT_TRUE(runner);
  std::vector<Tensor> outputs;
  // The state input starts at 1: a(t) = 2^(t+1) - 1, b(t) = 2 a(t).
  ASSERT_EQ(runner->run({{"a_prev", floats({1}, {1.0f}), "a.npy"}}, 6u,
                        outputs),
            "");
  EXPECT_EQ(runner->status(), SPNC_SIM_OK);
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].shape, (std::vector<int64_t>{6, 1}));
  EXPECT_EQ(outputs[1].dtype, DType::F32);
  for (int t = 0; t < 6; ++t) {
    float a = std::ldexp(1.0f, t + 1) - 1;
    EXPECT_EQ(floatsOf(outputs[0])[t], a) << "step " << t;
    EXPECT_EQ(floatsOf(outputs[1])[t], 2 * a) << "step " << t;
  }
  EXPECT_EQ(progress, (std::vector<std::pair<uint32_t, uint32_t>>{
                          {1, 6}, {2, 6}, {3, 6}, {4, 6}, {5, 6}, {6, 6}}));
  PackageRunSummary summary = runner->summary();
  EXPECT_EQ(summary.steps, 6u);
  EXPECT_EQ(summary.pes, 2u);
  EXPECT_EQ(summary.packetsSent, 4u * 6);
  EXPECT_EQ(summary.hops, 8u * 4 * 6) << "|6-2| + |5-1| hops per packet";
  EXPECT_DOUBLE_EQ(summary.eventsPerStep, 2.0) << "A to B and B to A";
  EXPECT_GT(summary.stepSeconds, 0);
  EXPECT_GE(summary.maxStepSeconds, summary.stepSeconds);
  EXPECT_LE(summary.stepSeconds * 6, summary.simulatedSeconds);
  EXPECT_GT(summary.energyPerStepJ, 0);
  EXPECT_LE(summary.energyPerStepJ * 6, summary.energyJ * (1 + 1e-12));
  EXPECT_GT(summary.instructions, 0u);
  Json json = Json::parse(summary.json());
  EXPECT_EQ(json["steps"], 6);
  EXPECT_EQ(json["hops"], 192);

  // Without the state input the state starts at zero; without a step count
  // the run is one step and outputs keep the step's shape.
  ASSERT_EQ(runner->run({}, std::nullopt, outputs), "");
  EXPECT_EQ(outputs[0].shape, std::vector<int64_t>{1});
  EXPECT_EQ(floatsOf(outputs[0]), std::vector<float>{0.0f});
  ASSERT_EQ(runner->run({}, 3u, outputs), "");
  EXPECT_EQ(floatsOf(outputs[1]), (std::vector<float>{0.0f, 2.0f, 6.0f}));
}

TEST(PackageTest, InputErrorsNameTheInput) {
  std::unique_ptr<PackageRunner> runner = makeRunner(pingpongPackage());
  ASSERT_TRUE(runner);
  std::vector<Tensor> outputs;
  EXPECT_EQ(runner->run({{"z", floats({1}, {1}), "z.npy"}}, 2u, outputs),
            "unknown input 'z' (from 'z.npy'); the model's inputs are "
            "'a_prev'");
  EXPECT_EQ(runner->status(), SPNC_SIM_ERROR);
  EXPECT_EQ(runner->run({{"a_prev", floats({1}, {1}), "one.npy"},
                         {"a_prev", floats({1}, {2}), "two.npy"}},
                        2u, outputs),
            "input 'a_prev' is given twice ('one.npy' and 'two.npy')");
  // A state input is the initial state: per-step slices make no sense.
  EXPECT_EQ(runner->run({{"a_prev", floats({2, 1}, {1, 2}), "a.npy"}}, 2u,
                        outputs),
            "input 'a_prev' from 'a.npy': expected float32[1], got "
            "float32[2, 1]");
  EXPECT_EQ(runner->run({}, 0u, outputs),
            "the number of steps must be at least 1, got 0");
  // A state input that no PE reads starts at zero: zeros may be given, a
  // non-zero initial state is refused.
  Package unread = pingpongPackage();
  unread.inputs.push_back({"b_prev", DType::F32, {1}, "b"});
  std::unique_ptr<PackageRunner> ignoring = makeRunner(unread);
  ASSERT_TRUE(ignoring);
  EXPECT_EQ(ignoring->run({{"b_prev", floats({1}, {0.5f}), "b.npy"}}, 1u,
                          outputs),
            "input 'b_prev' from 'b.npy': no PE of the package reads this "
            "state input, so its initial state is zero; a non-zero one cannot "
            "be set");
  EXPECT_EQ(ignoring->run({{"b_prev", floats({1}, {0.0f}), "b.npy"}}, 1u,
                          outputs),
            "");

  std::unique_ptr<PackageRunner> accumulate = makeRunner(accumulatePackage());
  ASSERT_TRUE(accumulate);
  EXPECT_EQ(accumulate->run({}, 2u, outputs),
            "missing input 'x' (float32[3, 8])");
  EXPECT_EQ(accumulate->run({{"x", floats({2}, {1, 2}), "x.npy"}}, 4u,
                            outputs),
            "input 'x' from 'x.npy': expected float32[3, 8] (or float32[4, 3, "
            "8], one slice per step), got float32[2]");
  Tensor ints(DType::I32, {3, 8});
  EXPECT_EQ(accumulate->run({{"x", ints, "x.npy"}}, std::nullopt, outputs),
            "input 'x' from 'x.npy': expected float32[3, 8], got int32[3, 8]");

  // The faults program reads its input once: one slice per step would be
  // ignored after step 0, so it is refused.
  Package faults = basePackage("faults", "chip");
  faults.inputs = {{"mode", DType::U32, {1}, ""}};
  faults.pes = {makePE(SPNC_PE_FAULTS, 2, 2, 0, 1, "faults")};
  ASSERT_EQ(derivePackageIO(faults), "");
  std::unique_ptr<PackageRunner> once = makeRunner(faults);
  ASSERT_TRUE(once);
  Tensor modes(DType::U32, {3, 1});
  EXPECT_EQ(once->run({{"mode", modes, "mode.npy"}}, 3u, outputs),
            "input 'mode' from 'mode.npy': the package reads it once, before "
            "the first step; give one uint32[1], not one slice per step");
}

/// Order-sensitive values: magnitudes from 2^-12 to 2^27, mixed signs.
std::vector<float> accumulateInputs(uint32_t steps) {
  std::vector<float> values;
  uint32_t state = 777;
  for (uint32_t i = 0; i < steps * Producers * Events; ++i) {
    state = state * 1103515245u + 12345u;
    int exponent = static_cast<int>((state >> 8) % 40) - 12;
    float mantissa = 1.0f + static_cast<float>((state >> 16) & 0xFF) / 256.0f;
    values.push_back(((state >> 30) & 1 ? -1.0f : 1.0f) *
                     std::ldexp(mantissa, exponent));
  }
  return values;
}

TEST(PackageTest, AccumulateSlicesInputsPerStep) {
  const uint32_t steps = 4;
  std::vector<float> values = accumulateInputs(steps);
  for (uint64_t seed : {0u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    PackageRunOptions options;
    options.scheduleSeed = seed;
    std::unique_ptr<PackageRunner> runner =
        makeRunner(accumulatePackage(), options);
    ASSERT_TRUE(runner);
    std::vector<Tensor> outputs;
    ASSERT_EQ(runner->run({{"x", floats({steps, Producers, Events}, values),
                            "x.npy"}},
                          steps, outputs),
              "");
    ASSERT_EQ(outputs.size(), 2u);
    EXPECT_EQ(outputs[0].shape, std::vector<int64_t>{steps});
    EXPECT_EQ(outputs[1].shape,
              (std::vector<int64_t>{steps, Producers * Events}));
    for (uint32_t t = 0; t < steps; ++t) {
      float sum = 0; // the canonical order: producer, then index
      for (int i = 0; i < Producers * Events; ++i)
        sum += values[t * Producers * Events + i];
      EXPECT_EQ(bitsOf(floatsOf(outputs[0])[t]), bitsOf(sum)) << "step " << t;
      const uint32_t *seen = outputs[1].as<uint32_t>() + t * Producers * Events;
      for (int p = 0; p < Producers; ++p)
        for (int i = 0; i < Events; ++i)
          EXPECT_EQ(seen[p * Events + i], SPNC_KEY(uint32_t(p + 1), uint32_t(i)));
    }
  }
  // One step's tensor is used at every step.
  std::unique_ptr<PackageRunner> runner = makeRunner(accumulatePackage());
  ASSERT_TRUE(runner);
  std::vector<float> first(values.begin(), values.begin() + Producers * Events);
  std::vector<Tensor> outputs;
  ASSERT_EQ(runner->run({{"x", floats({Producers, Events}, first), "x.npy"}},
                        3u, outputs),
            "");
  std::vector<float> sums = floatsOf(outputs[0]);
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_EQ(bitsOf(sums[0]), bitsOf(sums[1]));
  EXPECT_EQ(bitsOf(sums[1]), bitsOf(sums[2]));
}

TEST(PackageTest, ChipLinksOnABoard) {
  // The sender on chip (0,0) reaches the receiver on chip (1,0) through the
  // east link: chips are indices into the system, which the runner maps to
  // board coordinates.
  std::string error;
  std::optional<spinnaker2::SystemModel> board = spinnaker2::loadTarget(
      spinnaker2::defaultDescriptionPath(), "board48", error);
  ASSERT_TRUE(board) << error;
  std::optional<size_t> origin = board->findChip({0, 0});
  std::optional<size_t> east = board->findChip({1, 0});
  ASSERT_TRUE(origin && east);
  ASSERT_EQ(board->neighbour(*origin, 0), east);

  Package package = basePackage("relay", "board48");
  package.inputs = {{"n", DType::U32, {1}, ""}};
  package.outputs = {{"received", DType::U32, {1}, ""}};
  package.pes = {
      makePE(SPNC_PE_SENDER, 2, 1, 0, 1, "sender", uint32_t(*origin)),
      makePE(SPNC_PE_RECEIVER, 2, 1, 0, 2, "receiver", uint32_t(*east))};
  PackageRoutingTable first, second;
  first.chip = uint32_t(*origin);
  first.routes = {sourceRoute(1, {}, 1u << 0)};
  second.chip = uint32_t(*east);
  second.routes = {sourceRoute(1, {"2.1.0"})};
  package.tables = {first, second};
  ASSERT_EQ(derivePackageIO(package), "");
  Tensor n(DType::U32, {1});
  n.as<uint32_t>()[0] = 5;

  std::unique_ptr<PackageRunner> runner = makeRunner(package);
  ASSERT_TRUE(runner);
  std::vector<Tensor> outputs;
  ASSERT_EQ(runner->run({{"n", n, "n.npy"}}, 3u, outputs), "");
  ASSERT_EQ(outputs[0].shape, (std::vector<int64_t>{3, 1}));
  for (int t = 0; t < 3; ++t)
    EXPECT_EQ(outputs[0].as<uint32_t>()[t], 5u);
  // (2,1) -> the port (4,3): 4 hops, the link, port -> (2,1): 4 hops.
  PackageRunSummary summary = runner->summary();
  EXPECT_EQ(summary.packetsSent, 3u * 6);
  EXPECT_EQ(summary.hops, 9u * summary.packetsSent);

  // A route that leaves the board is refused before anything runs.
  Package off = package;
  off.tables[0].routes[0].linkMask = 1u << 3; // west of (0,0)
  Bytes bytes;
  error = writePackage(off, bytes);
  EXPECT_NE(error.find("link 3 (W) leads off system 'board48'"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("chip " + std::to_string(*origin) + " (0,0)"),
            std::string::npos)
      << error;

  // Without the second chip's entry the packets would be dropped: the
  // package is refused, and a runner made from it anyway reports the drops.
  Package dropping = package;
  dropping.tables.pop_back();
  error = writePackage(dropping, bytes);
  EXPECT_NE(error.find("PE 0,0:2.1.0 (population 'sender'): its end-of-step "
                       "signal (key 0xfffff) would be dropped: no routing "
                       "entry for key 0x000fffff on chip (1,0)"),
            std::string::npos)
      << error;
  std::unique_ptr<PackageRunner> drops =
      PackageRunner::create(dropping, {}, error);
  ASSERT_TRUE(drops) << error;
  std::string message = drops->run({{"n", n, "n.npy"}}, 2u, outputs);
  EXPECT_EQ(drops->status(), SPNC_SIM_DROPPED);
  EXPECT_NE(message.find("packet(s) dropped"), std::string::npos) << message;
  EXPECT_NE(message.find("no routing entry for key 0x00080000 on chip (1,0)"),
            std::string::npos)
      << message;
}

TEST(PackageTest, FaultsAndDeadlocksAreReported) {
  Package faults = basePackage("faults", "chip");
  faults.inputs = {{"mode", DType::U32, {1}, ""}};
  faults.pes = {makePE(SPNC_PE_FAULTS, 2, 2, 0, 1, "faults")};
  ASSERT_EQ(derivePackageIO(faults), "");
  std::unique_ptr<PackageRunner> runner = makeRunner(faults);
  ASSERT_TRUE(runner);
  Tensor mode(DType::U32, {1});
  std::vector<Tensor> outputs;
  EXPECT_EQ(runner->run({{"mode", mode, "mode.npy"}}, 3u, outputs), "");
  EXPECT_TRUE(outputs.empty());
  mode.as<uint32_t>()[0] = 1; // reads unmapped memory in step 1
  std::string message = runner->run({{"mode", mode, "mode.npy"}}, 3u, outputs);
  EXPECT_EQ(runner->status(), SPNC_SIM_FAULT);
  EXPECT_NE(message.find("PE 2.2.0 faulted in step 1: invalid memory access"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("(fault_read_unmapped"), std::string::npos)
      << message;
  spnc_sim_fault fault;
  spnc_sim_get_fault(runner->simulator(), &fault);
  EXPECT_EQ(fault.step, 1u);
  EXPECT_NE(fault.pc, 0u);

  // The consumer alone waits for producers that never run: the package is
  // refused, and a runner made from it anyway reports the deadlock.
  Package alone = accumulatePackage();
  alone.inputs.clear();
  alone.pes.erase(alone.pes.begin(), alone.pes.begin() + Producers);
  alone.tables.clear();
  ASSERT_EQ(derivePackageIO(alone), "");
  Bytes bytes;
  message = writePackage(alone, bytes);
  EXPECT_NE(message.find("PE 2.5.3 (population 'consumer') consumes source "
                         "1, which no PE of the package sends"),
            std::string::npos)
      << message;
  std::string error;
  std::unique_ptr<PackageRunner> waiting =
      PackageRunner::create(alone, {}, error);
  ASSERT_TRUE(waiting) << error;
  message = waiting->run({}, 2u, outputs);
  EXPECT_EQ(waiting->status(), SPNC_SIM_DEADLOCK);
  EXPECT_NE(message.find("deadlock"), std::string::npos) << message;
  EXPECT_NE(message.find("PE 2.5.3 in step 0 waits for the end-of-step signal "
                         "of source 1"),
            std::string::npos)
      << message;
}

TEST(PackageTest, ProducersMustSendEndOfStep) {
  // The faults program (source 1) sends no end-of-step signals; a consumer
  // of source 1 (the receiver) would wait for ever.
  Package package = basePackage("silent", "chip");
  package.inputs = {{"n", DType::U32, {1}, ""}};
  package.outputs = {{"received", DType::U32, {1}, ""}};
  package.pes = {makePE(SPNC_PE_FAULTS, 2, 2, 0, 1, "silent"),
                 makePE(SPNC_PE_RECEIVER, 2, 2, 1, 2, "receiver")};
  ASSERT_EQ(derivePackageIO(package), "");
  Bytes bytes;
  std::string error = writePackage(package, bytes);
  EXPECT_NE(error.find("PE 2.2.1 (population 'receiver') consumes source 1, "
                       "but PE 2.2.0 (population 'silent') sends no "
                       "end-of-step signals"),
            std::string::npos)
      << error;
}

TEST(PackageTest, LoadingImagesFromMemoryMatchesFiles) {
  spnc_sim_options options;
  spnc_sim_default_options(&options);
  char error[256] = "";
  spnc_sim *sim = spnc_sim_create(&options, error, sizeof error);
  ASSERT_NE(sim, nullptr) << error;
  Bytes elf = readFile(SPNC_PE_FAULTS);
  spnc_sim_pe pe{0, 0, 2, 2, 0};
  EXPECT_EQ(spnc_sim_load_elf_memory(sim, pe, elf.data(), elf.size(),
                                     "faults image"),
            SPNC_SIM_OK)
      << spnc_sim_error(sim);
  uint32_t mode = 0;
  ASSERT_EQ(spnc_sim_set_input(sim, 0, &mode, 4, 1), SPNC_SIM_OK);
  EXPECT_EQ(spnc_sim_run(sim, 2), SPNC_SIM_OK) << spnc_sim_error(sim);
  uint32_t address = 0;
  EXPECT_EQ(spnc_sim_lookup_symbol(sim, pe, "fault_read_unmapped", &address,
                                   nullptr),
            SPNC_SIM_OK)
      << "symbols come from the in-memory image";
  elf[0] = 0;
  EXPECT_EQ(spnc_sim_load_elf_memory(sim, pe, elf.data(), elf.size(),
                                     "faults image"),
            SPNC_SIM_ERROR);
  EXPECT_EQ(std::string(spnc_sim_error(sim)),
            "PE 2.2.0: 'faults image': not an ELF file");
  EXPECT_EQ(spnc_sim_load_elf_memory(sim, pe, nullptr, 4, "x"), SPNC_SIM_ERROR);
  spnc_sim_destroy(sim);
}

} // namespace
