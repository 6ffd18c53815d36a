//===- spnc-lm.cpp - Generate text and measure bits per character ---------===//
//
// spnc-lm model.onnx --vocab=vocab.json --prompt=TEXT --generate=N
//         [--eval=held-out.txt] [--prune-density=D] [--quantize-weights=int8]
//
// Greedy decoding, so the text is a deterministic function of the model's
// arithmetic: the host reference and the simulated chip must print the same.
//
//===----------------------------------------------------------------------===//
#include "spnc/Runner/HostRunner.h"
#include "spnc/Runner/LanguageModel.h"
#include "spnc/Runner/ModelLoader.h"

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
cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                               cl::desc("<model.onnx | model.onnxtxt>"),
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

  DialectRegistry registry;
  spnc::registerSPNCDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  spnc::ONNXToEventPipelineOptions pipelineOptions;
  pipelineOptions.raiseCells = raiseCells;
  spnc::applySparsityCLOptions(pipelineOptions);
  OwningOpRef<ModuleOp> module = spnc::loadAndLegalizeModel(
      context, sourceMgr, modelFile, {}, pipelineOptions);
  if (!module)
    return 1;
  llvm::Expected<std::unique_ptr<spnc::HostRunner>> runner =
      spnc::HostRunner::create(*module);
  if (!runner)
    return fail(llvm::toString(runner.takeError()));

  llvm::Expected<spnc::LanguageModelSession> session =
      spnc::LanguageModelSession::create(
          (*runner)->getSignature(),
          [&](llvm::ArrayRef<spnc::rt::Tensor> inputs,
              std::vector<spnc::rt::Tensor> &outputs) {
            return (*runner)->run(inputs, outputs);
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
  if (session->getStepsRun() > 0)
    os << "host: " << session->getStepsRun() << " steps in "
       << llvm::format("%.3f", seconds) << " s ("
       << llvm::format("%.0f", session->getStepsRun() / seconds)
       << " tokens/s)\n";
  return 0;
}
