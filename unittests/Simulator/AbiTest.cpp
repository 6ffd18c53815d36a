//===- AbiTest.cpp - abi.h agrees with the description and the linker -----===//
#include "ElfImage.h"
#include "SimTestUtil.h"

#include "spinnaker2/TargetModel.h"

#include <cstddef>

using namespace spnc::simtest;

namespace {

TEST(AbiTest, MemoryMapMatchesTheTargetDescription) {
  std::string error;
  auto system = spinnaker2::loadTarget(spinnaker2::defaultDescriptionPath(),
                                       "chip", error);
  ASSERT_TRUE(system) << error;
  const spinnaker2::ChipModel &chip = system->chip;
  EXPECT_EQ(SPNC_SRAM_BYTES, chip.sramBytes);
  EXPECT_EQ(SPNC_CODE_BYTES, chip.sramCodeBytes);
  EXPECT_EQ(SPNC_DATA_BYTES, chip.sramDataBytes);
  EXPECT_EQ(SPNC_CODE_BASE + SPNC_CODE_BYTES, SPNC_DATA_BASE);
  EXPECT_EQ(SPNC_STACK_TOP, SPNC_SRAM_BASE + SPNC_SRAM_BYTES);
}

TEST(AbiTest, LayoutIsTheSameForHostAndPE) {
  // The PE side is checked by the static asserts when the runtime is
  // cross-compiled; these are the host's offsets.
  EXPECT_EQ(offsetof(spnc_program_header, program), 28u);
  EXPECT_EQ(offsetof(spnc_program_header, init_end), 36u);
  EXPECT_EQ(offsetof(spnc_program_desc, num_producers), 12u);
  EXPECT_EQ(offsetof(spnc_program_desc, event_capacity), 52u);
  EXPECT_EQ(offsetof(spnc_io_buffer, address), 12u);
  EXPECT_EQ(offsetof(spnc_event, step), 10u);
  EXPECT_EQ(SPNC_KEY(5u, 7u), (5u << 19) | 7u);
  EXPECT_EQ(SPNC_KEY_SOURCE(SPNC_EOS_KEY(0x1234u)), 0x1234u);
  EXPECT_EQ(SPNC_EOS_KEY(3u) & SPNC_KEY_SOURCE_MASK,
            SPNC_KEY(3u, 0u) & SPNC_KEY_SOURCE_MASK)
      << "a source route must carry its end-of-step signal";
  EXPECT_LT(SPNC_MAX_SOURCE, SPNC_SOURCE_HOST);
  EXPECT_EQ(SPNC_SOURCE_HOST, SPNC_KEY_SOURCE(0xFFFFFFFFu));
}

TEST(AbiTest, LinkedImagesFollowTheHeader) {
  std::string error;
  auto elf = spnc::sim::ElfImage::read(SPNC_PE_PINGPONG_A, error);
  ASSERT_TRUE(elf) << error;
  auto address = [&](const char *name) {
    const spnc::sim::ElfSymbol *symbol = elf->findSymbol(name);
    EXPECT_NE(symbol, nullptr) << name;
    return symbol ? symbol->value : 0xFFFFFFFFu;
  };
  EXPECT_EQ(address("spnc_vector_table"), SPNC_VECTOR_TABLE_ADDR);
  EXPECT_EQ(address("spnc_header"), SPNC_PROGRAM_HEADER_ADDR);
  EXPECT_LT(address("spnc_reset"), SPNC_CODE_BASE + SPNC_CODE_BYTES);
  EXPECT_GE(address("event_buffer"), SPNC_DATA_BASE);
  auto busy = spnc::sim::ElfImage::read(SPNC_PE_BUSY, error);
  ASSERT_TRUE(busy) << error;
  const spnc::sim::ElfSymbol *table = busy->findSymbol("busy_scale");
  ASSERT_NE(table, nullptr);
  EXPECT_GE(table->value, SPNC_DATA_BASE) << ".spnc.const is data memory";

  // The generated linker script took its numbers from abi.h.
  std::vector<uint8_t> bytes = readFile(SPNC_PE_LINKER_SCRIPT);
  std::string script(bytes.begin(), bytes.end());
  EXPECT_NE(script.find("ORIGIN = 0x00000000, LENGTH = 0x00008000"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("ORIGIN = 0x00008000, LENGTH = 0x00018000"),
            std::string::npos);
  EXPECT_NE(script.find("__spnc_stack_top = 0x00020000"), std::string::npos);
}

TEST(AbiTest, SimulatorRejectsADescriptionThatDisagrees) {
  std::vector<uint8_t> bytes = readFile(spinnaker2::defaultDescriptionPath());
  std::string text(bytes.begin(), bytes.end());
  std::string from = "\"sram_code_bytes\": {\"value\": 32768";
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "\"sram_code_bytes\": {\"value\": 16384");
  std::string other = "\"sram_data_bytes\": {\"value\": 98304";
  at = text.find(other);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, other.size(), "\"sram_data_bytes\": {\"value\": 114688");
  std::string path = writeTemp("abi_mismatch.json",
                               std::vector<uint8_t>(text.begin(), text.end()));
  spnc_sim_options options = Sim::defaults();
  options.target_description = path.c_str();
  char error[512] = "";
  spnc_sim *sim = spnc_sim_create(&options, error, sizeof error);
  EXPECT_EQ(sim, nullptr);
  spnc_sim_destroy(sim);
  EXPECT_NE(std::string(error).find("abi.h"), std::string::npos) << error;
  EXPECT_NE(std::string(error).find("16384"), std::string::npos) << error;
}

} // namespace
