//===- LanguageModel.h - Token-by-token language models ---------*- C++ -*-===//
//
// A character-level language model exported as a one-step graph: one
// integer token input, one float logits output, and recurrent state that
// pairs by name (docs/StateConvention.md). The session feeds tokens one at a
// time through any step function (host JIT or the simulator), so generated
// text and bits per character can be compared between the two.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNNER_LANGUAGEMODEL_H
#define SPNC_RUNNER_LANGUAGEMODEL_H

#include "spnc/Runner/Stepping.h"

#include <functional>

namespace spnc {

/// A character vocabulary: symbol i is the text of token i.
class Vocabulary {
public:
  /// Reads a JSON array of strings, or an object holding one under
  /// "symbols" or "id_to_char" (the zoo's vocab.json).
  static llvm::Expected<Vocabulary> load(llvm::StringRef path);
  static Vocabulary fromSymbols(std::vector<std::string> symbols);

  size_t size() const { return symbols.size(); }
  const std::string &decode(int64_t token) const { return symbols[token]; }
  /// Tokens of `text` by longest match; errors name the first character
  /// with no symbol and its offset.
  llvm::Expected<std::vector<int64_t>> encode(llvm::StringRef text) const;

private:
  std::vector<std::string> symbols;
};

class LanguageModelSession {
public:
  using StepFn = std::function<llvm::Error(llvm::ArrayRef<rt::Tensor>,
                                           std::vector<rt::Tensor> &)>;

  /// Finds the token input (the one integer, non-state input holding a
  /// single element) and the logits output (the one float, non-state
  /// output) of `signature`.
  static llvm::Expected<LanguageModelSession>
  create(const EntrySignature &signature, StepFn step);

  int64_t getVocabSize() const { return vocabSize; }
  uint64_t getStepsRun() const { return stepsRun; }

  /// Zero state, as at the start of a text.
  void reset();
  /// Feeds one token; returns the logits for the next one (valid until the
  /// next call).
  llvm::Expected<llvm::ArrayRef<float>> feed(int64_t token);

private:
  LanguageModelSession(const EntrySignature &signature, StepFn step)
      : signature(&signature), step(std::move(step)) {}

  const EntrySignature *signature;
  StepFn step;
  size_t tokenInput = 0;
  size_t logitsOutput = 0;
  std::vector<StatePair> states;
  int64_t vocabSize = 0;
  uint64_t stepsRun = 0;
  std::vector<rt::Tensor> inputs;
  std::vector<rt::Tensor> outputs;
};

/// log2 of softmax(logits)[token], computed in double with max subtraction.
double log2Probability(llvm::ArrayRef<float> logits, int64_t token);

/// The most likely token; the lowest index among equal logits, so greedy
/// decoding is deterministic.
int64_t argmaxToken(llvm::ArrayRef<float> logits);

} // namespace spnc

#endif // SPNC_RUNNER_LANGUAGEMODEL_H
