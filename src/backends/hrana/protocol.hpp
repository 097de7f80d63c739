// Hrana 2 over HTTP, JSON encoding: the bodies of POST /v2/pipeline (values, statements, batches
// with conditions, stream results and errors). Pure data conversion; no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/json.hpp"

#include "core/value.hpp"

namespace libsqlstore::hrana {

/// A response that does not follow the protocol (bad JSON, missing fields, wrong types).
class ProtocolViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The protocol's Error object: {"message": ..., "code": ...} (code is optional).
struct ServerError {
  std::string message;
  std::string code;
};

/// Value -> {"type":"integer","value":"42"} etc. Integers travel as decimal strings, blobs as
/// padded base64. Throws InvalidArgumentError for a non-finite REAL (JSON cannot carry it).
Json encode_value(const core::Value& value);
/// The inverse; accepts blobs with or without padding. Throws ProtocolViolation.
core::Value decode_value(const Json& value);

/// {"sql": ..., "args": [...], "want_rows": ...}; positional arguments only.
Json encode_stmt(const core::Statement& stmt, bool want_rows = true);
/// A StmtResult: columns, rows and affected_row_count (as ResultSet::changes).
core::ResultSet decode_stmt_result(const Json& result);
ServerError decode_error(const Json& error);

/// Batch conditions.
Json cond_ok(std::size_t step);
Json cond_not(Json cond);

/// Builds a {"type":"batch"} stream request step by step.
class BatchBuilder {
 public:
  /// Appends a step that runs when `condition` holds (null: always); returns its index.
  std::size_t add(const core::Statement& stmt, Json condition = nullptr, bool want_rows = true);
  std::size_t size() const noexcept { return steps_.size(); }
  Json request() const;

 private:
  Json steps_ = Json::array();
};

/// The outcome of each step of a batch: a result if it ran and succeeded, an error if it ran and
/// failed, neither if it was skipped.
struct BatchResult {
  std::vector<std::optional<core::ResultSet>> results;
  std::vector<std::optional<ServerError>> errors;
};
BatchResult decode_batch_result(const Json& result, std::size_t steps);

Json execute_request(const core::Statement& stmt, bool want_rows = true);
Json close_request();

/// {"baton": ..., "requests": [...]}, serialised. Throws InvalidArgumentError if a text value is
/// not valid UTF-8 (Hrana carries text as JSON strings).
std::string pipeline_body(const std::optional<std::string>& baton, const Json& requests);

/// One entry of "results": the response of an ok request, or its error.
struct StreamResult {
  bool ok = false;
  Json response;  ///< the StreamResponse (has "type") when ok
  ServerError error;
};

struct PipelineResponse {
  std::optional<std::string> baton;
  std::optional<std::string> base_url;
  std::vector<StreamResult> results;
};

/// Parses a 2xx body and checks it holds exactly `expected_results` results.
PipelineResponse decode_pipeline_response(std::string_view body, std::size_t expected_results);

}  // namespace libsqlstore::hrana
