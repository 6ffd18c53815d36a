//===- LanguageModel.cpp - Token-by-token language models -----------------===//
#include "spnc/Runner/LanguageModel.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

namespace spnc {

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

Vocabulary Vocabulary::fromSymbols(std::vector<std::string> symbols) {
  Vocabulary vocabulary;
  vocabulary.symbols = std::move(symbols);
  return vocabulary;
}

llvm::Expected<Vocabulary> Vocabulary::load(llvm::StringRef path) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file)
    return makeError("cannot read vocabulary '" + path +
                     "': " + file.getError().message());
  llvm::Expected<llvm::json::Value> document =
      llvm::json::parse((*file)->getBuffer());
  if (!document)
    return makeError("vocabulary '" + path + "' is not valid JSON: " +
                     llvm::toString(document.takeError()));
  const llvm::json::Array *array = document->getAsArray();
  if (const llvm::json::Object *object = document->getAsObject()) {
    array = object->getArray("symbols");
    if (!array)
      array = object->getArray("id_to_char");
  }
  if (!array || array->empty())
    return makeError("vocabulary '" + path +
                     "' must be a non-empty JSON array of strings (or an "
                     "object with one under \"symbols\" or \"id_to_char\")");
  std::vector<std::string> symbols;
  for (const llvm::json::Value &entry : *array) {
    std::optional<llvm::StringRef> symbol = entry.getAsString();
    if (!symbol || symbol->empty())
      return makeError("vocabulary '" + path + "': entry " +
                       llvm::Twine(symbols.size()) +
                       " is not a non-empty string");
    symbols.push_back(symbol->str());
  }
  return fromSymbols(std::move(symbols));
}

llvm::Expected<std::vector<int64_t>>
Vocabulary::encode(llvm::StringRef text) const {
  std::vector<int64_t> tokens;
  size_t offset = 0;
  while (offset < text.size()) {
    int64_t best = -1;
    size_t bestLength = 0;
    for (size_t id = 0; id < symbols.size(); ++id)
      if (symbols[id].size() > bestLength &&
          text.substr(offset).starts_with(symbols[id])) {
        best = static_cast<int64_t>(id);
        bestLength = symbols[id].size();
      }
    if (best < 0)
      return makeError("character " +
                       llvm::Twine(static_cast<unsigned>(
                           static_cast<unsigned char>(text[offset]))) +
                       " at offset " + llvm::Twine(offset) +
                       " is not in the vocabulary");
    tokens.push_back(best);
    offset += bestLength;
  }
  return tokens;
}

llvm::Expected<LanguageModelSession>
LanguageModelSession::create(const EntrySignature &signature, StepFn step) {
  LanguageModelSession session(signature, std::move(step));
  llvm::Expected<std::vector<StatePair>> pairs = findStatePairs(signature);
  if (!pairs)
    return pairs.takeError();
  session.states = std::move(*pairs);
  auto isStateInput = [&](size_t index) {
    return llvm::any_of(session.states,
                        [&](const StatePair &p) { return p.input == index; });
  };
  auto isStateOutput = [&](size_t index) {
    return llvm::any_of(session.states,
                        [&](const StatePair &p) { return p.output == index; });
  };
  auto isInteger = [](rt::DType dtype) {
    return dtype == rt::DType::I64 || dtype == rt::DType::I32;
  };

  std::vector<size_t> tokenInputs, logitsOutputs;
  for (size_t i = 0; i < signature.inputs.size(); ++i)
    if (!isStateInput(i))
      tokenInputs.push_back(i);
  for (size_t i = 0; i < signature.outputs.size(); ++i)
    if (!isStateOutput(i))
      logitsOutputs.push_back(i);
  if (tokenInputs.size() != 1 || logitsOutputs.size() != 1)
    return makeError("a language model needs exactly one non-state input "
                     "(the token) and one non-state output (the logits); "
                     "this model has " +
                     llvm::Twine(tokenInputs.size()) + " and " +
                     llvm::Twine(logitsOutputs.size()));
  const TensorSpec &token = signature.inputs[tokenInputs[0]];
  rt::Tensor probe(token.dtype, token.shape);
  if (!isInteger(token.dtype) || probe.numElements() != 1)
    return makeError("the token input '" + token.name +
                     "' must be a single int64 or int32, not " +
                     token.describe());
  const TensorSpec &logits = signature.outputs[logitsOutputs[0]];
  if (logits.dtype != rt::DType::F32)
    return makeError("the logits output '" + logits.name +
                     "' must be float32, not " + logits.describe());
  session.tokenInput = tokenInputs[0];
  session.logitsOutput = logitsOutputs[0];
  session.vocabSize =
      static_cast<int64_t>(rt::Tensor(logits.dtype, logits.shape).numElements());
  session.reset();
  return session;
}

void LanguageModelSession::reset() {
  inputs.clear();
  for (const TensorSpec &spec : signature->inputs)
    inputs.emplace_back(spec.dtype, spec.shape);
}

llvm::Expected<llvm::ArrayRef<float>> LanguageModelSession::feed(int64_t token) {
  if (token < 0 || token >= vocabSize)
    return makeError("token " + llvm::Twine(token) +
                     " is outside the vocabulary of " +
                     llvm::Twine(vocabSize));
  rt::Tensor &tokenTensor = inputs[tokenInput];
  if (tokenTensor.dtype == rt::DType::I64)
    tokenTensor.as<int64_t>()[0] = token;
  else
    tokenTensor.as<int32_t>()[0] = static_cast<int32_t>(token);
  if (llvm::Error error = step(inputs, outputs))
    return std::move(error);
  ++stepsRun;
  for (const StatePair &pair : states)
    inputs[pair.input] = outputs[pair.output];
  const rt::Tensor &logits = outputs[logitsOutput];
  return llvm::ArrayRef<float>(logits.as<float>(), logits.numElements());
}

double log2Probability(llvm::ArrayRef<float> logits, int64_t token) {
  double maximum = -INFINITY;
  for (float logit : logits)
    maximum = std::max(maximum, static_cast<double>(logit));
  double sum = 0;
  for (float logit : logits)
    sum += std::exp(static_cast<double>(logit) - maximum);
  return (static_cast<double>(logits[token]) - maximum - std::log(sum)) /
         std::log(2.0);
}

int64_t argmaxToken(llvm::ArrayRef<float> logits) {
  int64_t best = 0;
  for (int64_t i = 1; i < static_cast<int64_t>(logits.size()); ++i)
    if (logits[i] > logits[best])
      best = i;
  return best;
}

} // namespace spnc
