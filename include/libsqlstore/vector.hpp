// libsqlstore: LibSQLVector, the vector store of Mastra's semantic recall (the reference's
// LibSQLVector of @mastra/libsql 0.13.2): named indexes of float32 embeddings with JSON metadata,
// exact cosine top-k queries with the reference's metadata filter language. docs/vector.md.
//
// Storage: one table per index, created with the reference's DDL byte for byte, so a database
// file moves between a Mastra (TypeScript) application and libsqlstore with its vectors. Scores
// are bit-identical to the reference's on local databases (libSQL's float kernel).
//
// Thread-safety: a LibSQLVector is safe for concurrent use by several threads; calls are
// serialised on its connection (shared with a LibSQLStore when built over one).
//
// Errors: every method throws a subclass of libsqlstore::Error whose id() is the reference's id
// for the method (LIBSQL_VECTOR_QUERY_FAILED, ...; docs/error-codes.md). A write either applies
// completely or not at all.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/options.hpp"

namespace libsqlstore {

class LibSQLStore;
namespace detail {
class StoreContext;
}  // namespace detail

/// What a write does to an index table that still carries libSQL's DiskANN index (a local file
/// the reference wrote). Plain SQLite cannot maintain that index: writes would fail, or corrupt
/// the file if the index function were faked.
enum class DiskannPolicy {
  /// Default. The first write that needs it drops the DiskANN index, its shadow table and its
  /// row in libsql_vector_meta_shadow, in the write's own transaction. Reads never detach. The
  /// reference rebuilds the index on its next createIndex (slowly, for big tables).
  Detach,
  /// Such writes throw ReadOnlyError; the file is left exactly as it is.
  ReadOnly,
};

/// How a LibSQLVector behaves beyond the reference's options. Every field documents its default.
struct VectorOptions {
  /// Local files written by the reference: see DiskannPolicy. Default Detach. Remote servers
  /// maintain their own index: nothing is ever detached there.
  DiskannPolicy diskannIndex = DiskannPolicy::Detach;

  /// Indexes named like Mastra Memory's (`memory_messages`, `memory_messages_<dim>`) get
  /// expression indexes on json_extract(metadata, '$.thread_id') and '$.resource_id' when
  /// created, so thread- and resource-scoped recall reads only the matching rows. The reference
  /// ignores extra indexes. Default true.
  bool memoryRecallIndexes = true;

  /// On remote servers, createIndex also sends the reference's
  /// `CREATE INDEX ... (libsql_vector_idx(embedding))`, so sqld/Turso maintain the DiskANN index
  /// the reference expects. A server without it (tursodb) answers with an error, which is logged
  /// and ignored. Local databases never get it. Default true.
  bool remoteDiskannIndex = true;

  /// Local files: how much of the file SQLite may map into memory (PRAGMA mmap_size), so that a
  /// query's scan reads pages without a system call and a copy each. Set on the connection when
  /// the LibSQLVector is created, which a shared LibSQLStore's reads then also use. 0 leaves the
  /// connection as it is (SQLite's default: no mapping). Default 1 GiB.
  std::int64_t mmapSize = std::int64_t{1} << 30;
};

struct CreateIndexParams {
  std::string indexName;     ///< REQUIRED: an identifier (letters, digits, _; at most 63).
  std::int64_t dimension{};  ///< REQUIRED: 1 .. 65536.
  /// "cosine" (default), "euclidean" or "dotproduct". As in the reference, queries always rank
  /// by cosine similarity whatever is given here.
  std::string metric = "cosine";
};

struct UpsertParams {
  std::string indexName;                    ///< REQUIRED
  std::vector<std::vector<float>> vectors;  ///< each of the index's dimension, finite values
  /// One object per vector (fewer: the rest get {}). Default: all {}.
  std::vector<Json> metadata;
  /// One id per vector; default: a random UUID v4 each. An existing id is replaced.
  std::vector<std::string> ids;
};

struct QueryParams {
  std::string indexName;           ///< REQUIRED
  std::vector<float> queryVector;  ///< REQUIRED: the index's dimension, finite values
  std::int64_t topK = 10;          ///< at most this many results; must be positive
  /// The reference's metadata filter ({thread_id: "t1"}, {$and: [...]}, ...); null or {}: none.
  Json filter;
  /// Return each hit's vector as vector_extract prints it (6 significant digits), as the
  /// reference does. Default false.
  bool includeVector = false;
  /// Only hits whose score is strictly greater. Default -1 (every comparable vector but the
  /// exact opposite of the query).
  double minScore = -1;
};

struct QueryResult {
  std::string id;
  /// Cosine similarity, 1 - libSQL's float cosine distance, bit-identical to the reference's. It
  /// can slightly exceed 1 and is +Infinity for vectors whose squared norm underflows a float.
  double score{};
  Json metadata;
  /// With includeVector: the stored vector, each value rounded to 6 significant digits.
  std::optional<std::vector<double>> vector;
};

struct IndexStats {
  std::int64_t dimension{};  ///< from the table's F32_BLOB(<n>) column; 0 if it has none
  std::int64_t count{};      ///< vectors in the index
  std::string metric = "cosine";
};

struct UpdateVectorParams {
  std::string indexName;  ///< REQUIRED
  std::string id;         ///< REQUIRED; an unknown id changes nothing (as in the reference)
  std::optional<std::vector<float>> vector;  ///< the new vector, of the index's dimension
  std::optional<Json> metadata;              ///< the new metadata object (replaces the old)
};

class LIBSQLSTORE_EXPORT LibSQLVector {
 public:
  /// Opens its own connection to `options.url` (the same URLs as LibSQLStore; the constructor's
  /// errors are LibSQLStore's). options.autoInit is ignored: a vector store has no fixed tables.
  explicit LibSQLVector(StoreOptions options, VectorOptions vectorOptions = {});
  /// Shares `store`'s connection, hence its database and its write serialisation: messages and
  /// their embeddings in one file, as Mastra apps configure it. `store` must outlive this object.
  explicit LibSQLVector(LibSQLStore& store, VectorOptions vectorOptions = {});
  /// Internal: over a store's shared state (hybrid recall in SearchStore).
  explicit LibSQLVector(detail::StoreContext& context, VectorOptions vectorOptions = {});
  ~LibSQLVector();
  LibSQLVector(LibSQLVector&&) noexcept;
  LibSQLVector& operator=(LibSQLVector&&) noexcept;
  LibSQLVector(const LibSQLVector&) = delete;
  LibSQLVector& operator=(const LibSQLVector&) = delete;

  /// Creates the index table (and, see VectorOptions, its recall indexes) if it does not exist.
  /// An existing index is left as it is, whatever its dimension (as in the reference).
  /// InvalidArgumentError: a bad name, dimension or metric. Id LIBSQL_VECTOR_CREATE_INDEX_FAILED.
  void create_index(const CreateIndexParams& params);

  /// Inserts or replaces the vectors, all in one transaction; returns their ids.
  /// InvalidArgumentError: a vector of another dimension than the index's (the reference's
  /// "Vector dimension mismatch: ..." message), a non-finite value, metadata that is not an
  /// object, ids or metadata that do not pair with the vectors. NotFoundError: no such index.
  /// Id LIBSQL_VECTOR_UPSERT_FAILED.
  std::vector<std::string> upsert(const UpsertParams& params);

  /// The topK most similar vectors, best first. InvalidArgumentError with id
  /// LIBSQL_VECTOR_QUERY_INVALID_ARGS for a bad topK or query vector; every other failure (a bad
  /// filter, no such index, a query vector of the wrong dimension) has id
  /// LIBSQL_VECTOR_QUERY_FAILED.
  std::vector<QueryResult> query(const QueryParams& params);

  /// The names of the tables holding an F32_BLOB column. Id LIBSQL_VECTOR_LIST_INDEXES_FAILED.
  std::vector<std::string> list_indexes();

  /// Dimension, count and metric of an index. NotFoundError "Table <name> not found".
  /// Id LIBSQL_VECTOR_DESCRIBE_INDEX_FAILED.
  IndexStats describe_index(const std::string& indexName);

  /// Drops the index table (with libSQL's DiskANN leftovers, if any). No such index: nothing.
  /// Id LIBSQL_VECTOR_DELETE_INDEX_FAILED.
  void delete_index(const std::string& indexName);

  /// Replaces a vector's embedding and/or metadata. InvalidArgumentError with id
  /// LIBSQL_VECTOR_UPDATE_VECTOR_INVALID_ARGS: neither given ("No updates provided"); other
  /// failures LIBSQL_VECTOR_UPDATE_VECTOR_FAILED.
  void update_vector(const UpdateVectorParams& params);

  /// Deletes one vector; an unknown id is not an error. Id LIBSQL_VECTOR_DELETE_VECTOR_FAILED.
  void delete_vector(const std::string& indexName, const std::string& id);

  /// Deletes every vector of the index, which stays usable. Id
  /// LIBSQL_VECTOR_TRUNCATE_INDEX_FAILED.
  void truncate_index(const std::string& indexName);

  const VectorOptions& vector_options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsqlstore
