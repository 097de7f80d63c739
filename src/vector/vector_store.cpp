// LibSQLVector: the reference's nine methods over one database (see include/libsqlstore/vector.hpp
// and docs/vector.md). The SQL is the reference's, with the query vector bound as a float32 blob
// through vector32(?) instead of inlined as text; local connections carry libSQL's vector
// functions (backends/sqlite/vector_functions.hpp), remote servers have their own.
#include <array>
#include <cmath>

#include "libsqlstore/store.hpp"
#include "libsqlstore/vector.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "core/json_text.hpp"
#include "core/uuid.hpp"
#include "core/vector_codec.hpp"
#include "schema/vector_tables.hpp"
#include "store/store_context.hpp"
#include "vector/filter.hpp"
#include "vector/local_query.hpp"
#include "vector/result_rows.hpp"

namespace libsqlstore {

namespace {

namespace vec = core::vec;

/// Statements an upsert sends to a remote server before it flushes them (bounded memory).
constexpr std::size_t kRemoteChunk = 256;

const std::string& checked_name(const std::string& name) {
  return core::checked_identifier(name, "index name");
}

void check_finite(const std::vector<float>& v, const std::string& what) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      core::invalid_argument(what + " must hold finite numbers (element " + std::to_string(i) +
                             " is not)");
    }
  }
}

std::string metadata_text(const Json& metadata, const std::string& what) {
  if (metadata.is_null()) return "{}";
  if (!metadata.is_object()) core::invalid_argument(what + " must be an object");
  return core::to_json_text(metadata);
}

[[noreturn]] void dimension_mismatch(const std::string& index, std::int64_t expected,
                                     std::size_t actual) {
  core::invalid_argument("Vector dimension mismatch: Index \"" + index + "\" expects " +
                             std::to_string(expected) + " dimensions but got " +
                             std::to_string(actual) +
                             " dimensions. Either use a matching embedding model or delete and "
                             "recreate the index with the new dimension.",
                         {{"expected", expected}, {"actual", actual}});
}

[[noreturn]] void no_such_index(const std::string& name) {
  throw NotFoundError("LIBSQL_VECTOR_INDEX_NOT_FOUND", ErrorCategory::User,
                      "Index \"" + name + "\" does not exist: create it with createIndex first",
                      {{"indexName", name}});
}

core::Value blob(const std::vector<float>& v) { return core::Blob{vec::encode_f32(v)}; }

/// A query's index must exist and the query vector have its dimension (checked even when no row
/// would be scored; the reference then answers []).
void check_query_against(const schema::VectorTable& table, const std::string& name,
                         std::size_t dims) {
  if (!table.exists) no_such_index(name);
  if (table.dimension > 0 && dims != static_cast<std::size_t>(table.dimension)) {
    dimension_mismatch(name, table.dimension, dims);
  }
}

}  // namespace

struct LibSQLVector::Impl {
  Impl(std::unique_ptr<detail::StoreContext> own, detail::StoreContext& ctx, VectorOptions o)
      : owned(std::move(own)), context(&ctx), options(o) {}

  std::unique_ptr<detail::StoreContext> owned;
  detail::StoreContext* context;
  VectorOptions options;

  /// Writes run on a server (a remote store, or a replica's primary).
  bool remote() const { return context->writes_remotely(); }
  /// Reads run on a server (a replica reads its local file).
  bool reads_remotely() const { return context->url().kind == BackendKind::Remote; }

  /// VectorOptions::mmapSize on a local file's connection.
  void map_file() {
    if (options.mmapSize <= 0 || context->url().kind != BackendKind::File) return;
    context->call("LIBSQL_VECTOR_OPEN_FAILED", {}, [&] {
      context->db().read(core::Statement("PRAGMA mmap_size=" + std::to_string(options.mmapSize)));
    });
  }
  core::Db& db() const { return context->db(); }

  /// The index's schema, read in `tx`; NotFoundError when it does not exist. A write that
  /// changes rows or embeddings (`touches_embeddings`) first deals with libSQL's DiskANN index
  /// on a local file, as options.diskannIndex says.
  schema::VectorTable writable(core::Transaction& tx, const std::string& name,
                               bool touches_embeddings) const {
    auto schema =
        schema::inspect_vector_table(name, tx.query(schema::inspect_vector_table_statement(name)));
    if (!schema.exists) no_such_index(name);
    if (touches_embeddings && !remote() && schema.has_diskann()) {
      if (options.diskannIndex == DiskannPolicy::ReadOnly) {
        throw ReadOnlyError("LIBSQL_VECTOR_DISKANN_INDEX_ATTACHED", ErrorCategory::User,
                            "Index \"" + name +
                                "\" carries libSQL's DiskANN index (a file written by the "
                                "reference), which plain SQLite cannot maintain, and "
                                "VectorOptions::diskannIndex is ReadOnly: nothing was written",
                            {{"indexName", name}});
      }
      for (auto& stmt : schema::diskann_detach_statements(schema)) tx.execute(std::move(stmt));
      db().log(LogLevel::Info, "LibSQLVector: detached libSQL's DiskANN index from \"" + name +
                                   "\" (VectorOptions::diskannIndex = Detach)");
    }
    return schema;
  }
};

LibSQLVector::LibSQLVector(StoreOptions options, VectorOptions vectorOptions) {
  options.autoInit = false;  // the store's tables are not the vector store's business
  auto owned = std::make_unique<detail::StoreContext>(std::move(options));
  auto& ctx = *owned;
  impl_ = std::make_unique<Impl>(std::move(owned), ctx, vectorOptions);
  impl_->map_file();
}

LibSQLVector::LibSQLVector(LibSQLStore& store, VectorOptions vectorOptions)
    : impl_(std::make_unique<Impl>(nullptr, store.context(), vectorOptions)) {
  impl_->map_file();
}

LibSQLVector::LibSQLVector(detail::StoreContext& context, VectorOptions vectorOptions)
    : impl_(std::make_unique<Impl>(nullptr, context, vectorOptions)) {}

LibSQLVector::~LibSQLVector() = default;
LibSQLVector::LibSQLVector(LibSQLVector&&) noexcept = default;
LibSQLVector& LibSQLVector::operator=(LibSQLVector&&) noexcept = default;

const VectorOptions& LibSQLVector::vector_options() const noexcept { return impl_->options; }

void LibSQLVector::create_index(const CreateIndexParams& p) {
  impl_->context->call(
      "LIBSQL_VECTOR_CREATE_INDEX_FAILED", {{"indexName", p.indexName}, {"dimension", p.dimension}},
      [&] {
        const auto& name = checked_name(p.indexName);
        if (p.dimension <= 0) core::invalid_argument("Dimension must be a positive integer");
        if (p.dimension > static_cast<std::int64_t>(vec::kMaxDimensions)) {
          core::invalid_argument("Dimension must be at most 65536 (libSQL's largest vector)");
        }
        if (p.metric != "cosine" && p.metric != "euclidean" && p.metric != "dotproduct") {
          core::invalid_argument(
              "metric must be \"cosine\", \"euclidean\" or \"dotproduct\", got " +
              core::quoted(p.metric));
        }
        // Mastra calls createIndex before every save and recall: an existing index costs one
        // read, not a write transaction.
        const bool recall =
            impl_->options.memoryRecallIndexes && schema::is_memory_recall_index(name);
        auto& db = impl_->db();
        const auto existing = schema::inspect_vector_table(
            name, db.read(schema::inspect_vector_table_statement(name)));
        if (existing.exists && (existing.has_recall_indexes || !recall)) return;
        std::vector<core::Statement> stmts;
        stmts.emplace_back(schema::vector_table_ddl(name, p.dimension));
        if (recall) {
          for (auto& sql : schema::recall_index_ddl(name)) stmts.emplace_back(std::move(sql));
        }
        db.write(stmts);
        if (impl_->remote() && impl_->options.remoteDiskannIndex && !existing.exists) {
          try {
            db.write(core::Statement(schema::diskann_index_ddl(name)));
          } catch (const BusyError&) {
            throw;
          } catch (const Error& e) {
            db.log(LogLevel::Warn, std::string("LibSQLVector: the server has no DiskANN index (") +
                                       e.what() + "); \"" + name +
                                       "\" is searched by a full scan, as everywhere else");
          }
        }
      });
}

std::vector<std::string> LibSQLVector::upsert(const UpsertParams& p) {
  return impl_->context->call("LIBSQL_VECTOR_UPSERT_FAILED", {{"indexName", p.indexName}}, [&] {
    const auto& name = checked_name(p.indexName);
    const std::size_t n = p.vectors.size();
    if (!p.ids.empty() && p.ids.size() != n) {
      core::invalid_argument("ids must have one id per vector (" + std::to_string(p.ids.size()) +
                             " ids for " + std::to_string(n) + " vectors)");
    }
    if (p.metadata.size() > n) {
      core::invalid_argument("metadata must have at most one object per vector (" +
                             std::to_string(p.metadata.size()) + " for " + std::to_string(n) +
                             " vectors)");
    }
    std::vector<std::string> ids = p.ids;
    // Serialised once, here: the text is both the validation and what is stored.
    std::vector<std::string> metadata;
    metadata.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!p.ids.empty()) {
        core::require_non_empty(ids[i], "ids[" + std::to_string(i) + "]");
      } else {
        ids.push_back(core::uuid_v4());
      }
      check_finite(p.vectors[i], "vectors[" + std::to_string(i) + "]");
      metadata.push_back(i < p.metadata.size()
                             ? metadata_text(p.metadata[i], "metadata[" + std::to_string(i) + "]")
                             : std::string("{}"));
    }
    if (n == 0) return ids;
    const std::string sql = "INSERT INTO " + name +
                            " (vector_id, embedding, metadata) VALUES (?, vector32(?), ?) "
                            "ON CONFLICT(vector_id) DO UPDATE SET embedding = excluded.embedding, "
                            "metadata = excluded.metadata";
    const bool remote = impl_->remote();
    impl_->db().transaction([&](core::Transaction& tx) {
      const auto schema = impl_->writable(tx, name, true);
      for (std::size_t i = 0; i < n; ++i) {
        if (schema.dimension > 0 &&
            p.vectors[i].size() != static_cast<std::size_t>(schema.dimension)) {
          dimension_mismatch(name, schema.dimension, p.vectors[i].size());
        }
        if (p.vectors[i].empty()) dimension_mismatch(name, schema.dimension, 0);
      }
      for (std::size_t i = 0; i < n; ++i) {
        tx.execute(core::Statement(sql, {ids[i], blob(p.vectors[i]), metadata[i]}));
        // A remote transaction holds deferred statements until commit: send them in chunks.
        if (remote && (i + 1) % kRemoteChunk == 0 && i + 1 < n)
          tx.query(core::Statement("SELECT 1"));
      }
    });
    return ids;
  });
}

std::vector<QueryResult> LibSQLVector::query(const QueryParams& p) {
  impl_->context->call("LIBSQL_VECTOR_QUERY_INVALID_ARGS", {{"indexName", p.indexName}}, [&] {
    if (p.topK <= 0) core::invalid_argument("topK must be a positive integer");
    check_finite(p.queryVector, "queryVector");
    if (std::isnan(p.minScore)) core::invalid_argument("minScore must be a number");
  });
  return impl_->context->call("LIBSQL_VECTOR_QUERY_FAILED", {{"indexName", p.indexName}}, [&] {
    const auto& name = checked_name(p.indexName);
    vectors::FilterSql filter;
    try {
      filter = vectors::build_filter(p.filter);
    } catch (const vectors::FilterError& e) {
      core::invalid_argument(e.what(), {{"filter", p.filter}});
    }
    if (!impl_->reads_remotely()) {
      // Local: the schema first (a wrong-dimension query fails even when nothing would be
      // scored), then the streaming scan.
      check_query_against(schema::inspect_vector_table(
                              name, impl_->db().read(schema::inspect_vector_table_statement(name))),
                          name, p.queryVector.size());
      if (auto hits = vectors::scan_top_k(impl_->db(), name, p, filter)) return std::move(*hits);
    }
    std::string sql =
        "WITH vector_scores AS (SELECT vector_id as id, (1-vector_distance_cos(embedding, "
        "vector32(?))) as score, metadata";
    // The blob, printed here as libSQL prints it: the same text whatever the server's own
    // vector_extract does (tursodb's differs).
    if (p.includeVector) sql += ", embedding";
    sql += " FROM " + name;
    if (!filter.where.empty()) sql += " " + filter.where;
    sql += ") SELECT * FROM vector_scores WHERE score > ? ORDER BY score DESC LIMIT ?";
    std::vector<core::Value> args;
    args.reserve(filter.values.size() + 3);
    args.push_back(blob(p.queryVector));
    for (auto& v : filter.values) args.push_back(std::move(v));
    args.emplace_back(p.minScore);
    args.emplace_back(p.topK);
    // The schema and the scan in one consistent read (one round trip to a server).
    const std::array<core::Statement, 2> stmts{schema::inspect_vector_table_statement(name),
                                               core::Statement(std::move(sql), std::move(args))};
    std::vector<core::ResultSet> results;
    try {
      results = impl_->db().read(stmts);
    } catch (const Error&) {
      // Tell "no such index" apart from other failures of the scan.
      check_query_against(schema::inspect_vector_table(
                              name, impl_->db().read(schema::inspect_vector_table_statement(name))),
                          name, p.queryVector.size());
      throw;
    }
    check_query_against(schema::inspect_vector_table(name, results[0]), name, p.queryVector.size());
    std::vector<QueryResult> out;
    out.reserve(results[1].rows.size());
    for (auto& row : results[1].rows) {
      QueryResult r;
      r.id = core::to_text(row.at(0)).value_or("");
      r.score = core::to_double(row.at(1)).value_or(NAN);
      r.metadata = vectors::stored_metadata(row.at(2), name, r.id);
      if (p.includeVector && row.size() > 3)
        r.vector = vectors::printed_vector(row.at(3), name, r.id);
      out.push_back(std::move(r));
    }
    return out;
  });
}

std::vector<std::string> LibSQLVector::list_indexes() {
  return impl_->context->call("LIBSQL_VECTOR_LIST_INDEXES_FAILED", {}, [&] {
    const auto rs = impl_->db().read(core::Statement(
        "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE '%F32_BLOB%'"));
    std::vector<std::string> out;
    for (const auto& row : rs.rows) out.push_back(core::to_text(row.at(0)).value_or(""));
    return out;
  });
}

IndexStats LibSQLVector::describe_index(const std::string& indexName) {
  return impl_->context->call(
      "LIBSQL_VECTOR_DESCRIBE_INDEX_FAILED", {{"indexName", indexName}}, [&] {
        const auto& name = checked_name(indexName);
        auto& db = impl_->db();
        const auto schema = schema::inspect_vector_table(
            name, db.read(schema::inspect_vector_table_statement(name)));
        if (!schema.exists) {
          throw NotFoundError("LIBSQL_VECTOR_INDEX_NOT_FOUND", ErrorCategory::User,
                              "Table " + name + " not found", {{"indexName", name}});
        }
        // count(vector_id), not COUNT(*): on a file with libSQL's DiskANN
        // index plain SQLite would count that index's empty b-tree.
        const auto rs = db.read(core::Statement("SELECT count(vector_id) FROM " + name));
        IndexStats out;
        out.dimension = schema.dimension;
        out.count = core::to_int(rs.rows.at(0).at(0)).value_or(0);
        return out;
      });
}

void LibSQLVector::delete_index(const std::string& indexName) {
  impl_->context->call("LIBSQL_VECTOR_DELETE_INDEX_FAILED", {{"indexName", indexName}}, [&] {
    const auto& name = checked_name(indexName);
    if (impl_->remote()) {
      // The server drops its own DiskANN index with the table.
      impl_->db().write(core::Statement("DROP TABLE IF EXISTS " + name));
      return;
    }
    impl_->db().transaction([&](core::Transaction& tx) {
      const auto schema = schema::inspect_vector_table(
          name, tx.query(schema::inspect_vector_table_statement(name)));
      // libSQL's leftovers too: a shadow table left behind breaks the reference's next
      // createIndex of the same name.
      for (auto& stmt : schema::diskann_detach_statements(schema)) tx.execute(std::move(stmt));
      tx.execute(core::Statement("DROP TABLE IF EXISTS " + name));
    });
  });
}

void LibSQLVector::update_vector(const UpdateVectorParams& p) {
  std::optional<std::string> metadata;  // serialised once: validation and stored text
  impl_->context->call("LIBSQL_VECTOR_UPDATE_VECTOR_INVALID_ARGS",
                       {{"indexName", p.indexName}, {"id", p.id}}, [&] {
                         checked_name(p.indexName);
                         if (!p.vector && !p.metadata)
                           core::invalid_argument("No updates provided");
                         if (p.vector) check_finite(*p.vector, "update.vector");
                         if (p.metadata) metadata = metadata_text(*p.metadata, "update.metadata");
                       });
  impl_->context->call(
      "LIBSQL_VECTOR_UPDATE_VECTOR_FAILED", {{"indexName", p.indexName}, {"id", p.id}}, [&] {
        const auto& name = p.indexName;
        std::string sets;
        std::vector<core::Value> args;
        if (p.vector) {
          sets += "embedding = vector32(?)";
          args.push_back(blob(*p.vector));
        }
        if (metadata) {
          sets += sets.empty() ? "metadata = ?" : ", metadata = ?";
          args.emplace_back(*metadata);
        }
        args.emplace_back(p.id);
        impl_->db().transaction([&](core::Transaction& tx) {
          const auto schema = impl_->writable(tx, name, p.vector.has_value());
          if (p.vector && (p.vector->empty() ||
                           (schema.dimension > 0 &&
                            p.vector->size() != static_cast<std::size_t>(schema.dimension)))) {
            dimension_mismatch(name, schema.dimension, p.vector->size());
          }
          tx.execute(
              core::Statement("UPDATE " + name + " SET " + sets + " WHERE vector_id = ?", args));
        });
      });
}

void LibSQLVector::delete_vector(const std::string& indexName, const std::string& id) {
  impl_->context->call(
      "LIBSQL_VECTOR_DELETE_VECTOR_FAILED", {{"indexName", indexName}, {"id", id}}, [&] {
        const auto& name = checked_name(indexName);
        impl_->db().transaction([&](core::Transaction& tx) {
          impl_->writable(tx, name, true);
          tx.execute(core::Statement("DELETE FROM " + name + " WHERE vector_id = ?", {id}));
        });
      });
}

void LibSQLVector::truncate_index(const std::string& indexName) {
  impl_->context->call("LIBSQL_VECTOR_TRUNCATE_INDEX_FAILED", {{"indexName", indexName}}, [&] {
    const auto& name = checked_name(indexName);
    impl_->db().transaction([&](core::Transaction& tx) {
      impl_->writable(tx, name, true);
      tx.execute(core::Statement("DELETE FROM " + name));
    });
  });
}

}  // namespace libsqlstore
