//===- Result.h - Errors as values ------------------------------*- C++ -*-===//
//
// The mapping library never asserts on user data and never throws: a step
// that can fail returns Result<T>, either a value or an Error whose message
// is meant for the user (it names the population, PE or router at fault and
// says by how much a limit is exceeded).
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_RESULT_H
#define SPNC_MAPPING_RESULT_H

#include <optional>
#include <string>
#include <utility>

namespace spnc::mapping {

struct Error {
  std::string message;
};

template <typename T> class Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  T &operator*() { return *value_; }
  const T &operator*() const { return *value_; }
  T *operator->() { return &*value_; }
  const T *operator->() const { return &*value_; }
  T take() { return std::move(*value_); }

  /// The error; empty message when ok().
  const Error &error() const { return error_; }

private:
  std::optional<T> value_;
  Error error_;
};

} // namespace spnc::mapping

#endif // SPNC_MAPPING_RESULT_H
