//===- spnc-lm.cpp - Generate text and measure bits per character ---------===//
//
// spnc-lm model.onnx --vocab=vocab.json --prompt=TEXT --generate=N
//         [--eval=held-out.txt] [--prune-density=D] [--quantize-weights=int8]
// spnc-lm model.s2pkg --vocab=vocab.json --prompt=TEXT --generate=N
//
// Greedy decoding, so the text is a deterministic function of the model's
// arithmetic: the host reference (a model) and the simulated chip (a
// deployment package) must print the same. On the chip each token is one
// simulated step that starts from the state the previous one left (written
// back into the PEs as the state inputs); the simulator's figures per
// token are reported.
//
//===----------------------------------------------------------------------===//
#include "spnc/Runner/HostRunner.h"
#include "spnc/Runner/LanguageModel.h"
#include "spnc/Runner/ModelLoader.h"

#include "spnc-runtime/Package.h"
#include "spnc-runtime/PackageRunner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory lmCategory("spnc-lm options");
cl::opt<std::string> modelFile(
    cl::Positional, cl::Required,
    cl::desc("<model.onnx | model.onnxtxt | model.s2pkg>"),
    cl::cat(lmCategory));
cl::opt<std::string> vocabFile("vocab", cl::Required,
                               cl::desc("The vocabulary (JSON array of symbols)"),
                               cl::value_desc("file"), cl::cat(lmCategory));
cl::opt<std::string> prompt("prompt", cl::desc("Text to condition on"),
                            cl::init(""), cl::cat(lmCategory));
cl::opt<unsigned> generate("generate",
                           cl::desc("How many tokens to generate (greedy)"),
                           cl::init(0), cl::cat(lmCategory));
cl::opt<std::string> evalFile(
    "eval", cl::desc("Held-out text: report bits per character on it"),
    cl::value_desc("file"), cl::cat(lmCategory));
cl::opt<unsigned> evalChars(
    "eval-chars",
    cl::desc("Evaluate on at most this many characters (0: all)"),
    cl::init(0), cl::cat(lmCategory));
cl::opt<bool> raiseCells("raise-cells",
                         cl::desc("Recognise EGRU/LIF cells (default on)"),
                         cl::init(true), cl::cat(lmCategory));

int fail(const llvm::Twine &message) {
  llvm::errs() << "spnc-lm: error: " << message << "\n";
  return 1;
}

/// Prints text with control characters other than newline made visible.
void printText(llvm::raw_ostream &os, llvm::StringRef text) {
  for (char ch : text) {
    if (ch == '\n' || (ch >= 32 && ch < 127))
      os << ch;
    else if (ch == '\t')
      os << "\\t";
    else
      os << "\\x" << llvm::format_hex_no_prefix(static_cast<unsigned char>(ch), 2);
  }
}

/// The simulated chip's figures, summed over the tokens.
struct ChipFigures {
  uint64_t steps = 0, packets = 0, events = 0, instructions = 0;
  double seconds = 0, energy = 0, hostSeconds = 0;
};

/// The signature of a package's step function (as a host model's).
spnc::EntrySignature signatureOf(const spnc::rt::Package &package) {
  spnc::EntrySignature signature;
  signature.entry = package.modelName;
  for (const spnc::rt::PackageTensor &tensor : package.inputs)
    signature.inputs.push_back({tensor.name, tensor.dtype, tensor.shape});
  for (const spnc::rt::PackageTensor &tensor : package.outputs)
    signature.outputs.push_back({tensor.name, tensor.dtype, tensor.shape});
  return signature;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  spnc::registerSparsityCLOptions(lmCategory);
  cl::HideUnrelatedOptions(lmCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "spnc-lm: run a character-level language model compiled by spnc\n");

  llvm::Expected<spnc::Vocabulary> vocabulary =
      spnc::Vocabulary::load(vocabFile);
  if (!vocabulary)
    return fail(llvm::toString(vocabulary.takeError()));
  llvm::Expected<std::vector<int64_t>> promptTokens =
      vocabulary->encode(prompt);
  if (!promptTokens)
    return fail("in --prompt: " + llvm::toString(promptTokens.takeError()));
  std::string evalText;
  if (!evalFile.empty()) {
    auto file = llvm::MemoryBuffer::getFile(evalFile);
    if (!file)
      return fail("cannot read '" + evalFile + "': " + file.getError().message());
    evalText = (*file)->getBuffer().str();
    if (evalChars && evalText.size() > evalChars)
      evalText.resize(evalChars);
  }
  llvm::Expected<std::vector<int64_t>> evalTokens =
      vocabulary->encode(evalText);
  if (!evalTokens)
    return fail("in '" + evalFile + "': " +
                llvm::toString(evalTokens.takeError()));

  // The model runs on the host (JIT) or, from a package, on the simulator.
  DialectRegistry registry;
  spnc::registerSPNCDialects(registry);
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<spnc::HostRunner> hostRunner;
  std::unique_ptr<spnc::rt::PackageRunner> chip;
  spnc::rt::Package package;
  spnc::EntrySignature packageSignature;
  ChipFigures figures;
  bool onChip = spnc::rt::isPackageFile(modelFile);
  if (onChip) {
    spnc::rt::PackageReadResult read = spnc::rt::readPackageFile(modelFile);
    if (!read)
      return fail(read.error);
    package = std::move(read.package);
    packageSignature = signatureOf(package);
    std::string error;
    chip = spnc::rt::PackageRunner::create(package, {}, error);
    if (!chip)
      return fail("'" + modelFile + "': " + error);
  } else {
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
    spnc::ONNXToEventPipelineOptions pipelineOptions;
    pipelineOptions.raiseCells = raiseCells;
    spnc::applySparsityCLOptions(pipelineOptions);
    module = spnc::loadAndLegalizeModel(context, sourceMgr, modelFile, {},
                                        pipelineOptions);
    if (!module)
      return 1;
    llvm::Expected<std::unique_ptr<spnc::HostRunner>> runner =
        spnc::HostRunner::create(*module);
    if (!runner)
      return fail(llvm::toString(runner.takeError()));
    hostRunner = std::move(*runner);
  }

  auto runOnChip = [&](llvm::ArrayRef<spnc::rt::Tensor> inputs,
                       std::vector<spnc::rt::Tensor> &outputs) -> llvm::Error {
    std::vector<spnc::rt::PackageInput> named;
    for (auto [spec, tensor] : llvm::zip(package.inputs, inputs))
      named.push_back({spec.name, tensor, "the session"});
    std::string error = chip->run(named, std::nullopt, outputs);
    if (!error.empty())
      return llvm::createStringError("on the simulated chip: " + error);
    spnc::rt::PackageRunSummary summary = chip->summary();
    figures.steps += summary.steps;
    figures.packets += summary.packetsSent;
    figures.events += summary.eventsDelivered;
    figures.instructions += summary.instructions;
    figures.seconds += summary.simulatedSeconds;
    figures.energy += summary.energyJ;
    figures.hostSeconds += summary.hostSeconds;
    return llvm::Error::success();
  };
  llvm::Expected<spnc::LanguageModelSession> session =
      spnc::LanguageModelSession::create(
          onChip ? packageSignature : hostRunner->getSignature(),
          [&](llvm::ArrayRef<spnc::rt::Tensor> inputs,
              std::vector<spnc::rt::Tensor> &outputs) -> llvm::Error {
            if (onChip)
              return runOnChip(inputs, outputs);
            return hostRunner->run(inputs, outputs);
          });
  if (!session)
    return fail(llvm::toString(session.takeError()));
  if (session->getVocabSize() != static_cast<int64_t>(vocabulary->size()))
    return fail("the model has " + llvm::Twine(session->getVocabSize()) +
                " logits but the vocabulary has " +
                llvm::Twine(vocabulary->size()) + " symbols");

  auto start = std::chrono::steady_clock::now();
  llvm::raw_ostream &os = llvm::outs();
  if (!promptTokens->empty() || generate > 0) {
    if (promptTokens->empty())
      return fail("--generate needs a --prompt to start from");
    llvm::ArrayRef<float> logits;
    for (int64_t token : *promptTokens) {
      llvm::Expected<llvm::ArrayRef<float>> next = session->feed(token);
      if (!next)
        return fail(llvm::toString(next.takeError()));
      logits = *next;
    }
    std::string generated;
    for (unsigned i = 0; i < generate; ++i) {
      int64_t token = spnc::argmaxToken(logits);
      generated += vocabulary->decode(token);
      if (i + 1 == generate)
        break;
      llvm::Expected<llvm::ArrayRef<float>> next = session->feed(token);
      if (!next)
        return fail(llvm::toString(next.takeError()));
      logits = *next;
    }
    os << "prompt: ";
    printText(os, prompt);
    os << "\ngenerated (" << generate << " characters, greedy): ";
    printText(os, generated);
    os << "\n";
  }

  if (evalTokens->size() >= 2) {
    session->reset();
    double bits = 0;
    for (size_t i = 0; i + 1 < evalTokens->size(); ++i) {
      llvm::Expected<llvm::ArrayRef<float>> logits =
          session->feed((*evalTokens)[i]);
      if (!logits)
        return fail(llvm::toString(logits.takeError()));
      bits -= spnc::log2Probability(*logits, (*evalTokens)[i + 1]);
    }
    size_t predicted = evalTokens->size() - 1;
    os << "held-out: " << llvm::format("%.4f", bits / predicted)
       << " bits per character over " << predicted << " characters\n";
  }
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  if (session->getStepsRun() > 0 && !onChip)
    os << "host: " << session->getStepsRun() << " steps in "
       << llvm::format("%.3f", seconds) << " s ("
       << llvm::format("%.0f", session->getStepsRun() / seconds)
       << " tokens/s)\n";
  if (figures.steps > 0) {
    double tokens = double(figures.steps);
    os << "chip: " << figures.steps << " tokens on " << package.pes.size()
       << " PEs (" << package.system << "), per token: "
       << llvm::format("%.1f", figures.seconds / tokens * 1e6)
       << " us simulated latency, "
       << llvm::format("%.1f", figures.energy / tokens * 1e6) << " uJ, "
       << llvm::format("%.1f", double(figures.events) / tokens)
       << " events delivered, "
       << llvm::format("%.1f", double(figures.packets) / tokens)
       << " packets sent, "
       << llvm::format("%.0f", double(figures.instructions) / tokens)
       << " instructions\n";
    os << "simulator: " << llvm::format("%.3f", figures.hostSeconds)
       << " s of simulation, " << llvm::format("%.2e",
                                               double(figures.instructions) /
                                                   figures.hostSeconds)
       << " instructions per second\n";
  }
  return 0;
}
