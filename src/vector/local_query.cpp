#include "vector/local_query.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/json_text.hpp"
#include "core/vector_codec.hpp"
#include "vector/cosine_scorer.hpp"
#include "vector/result_rows.hpp"

namespace libsqlstore::vectors {

namespace {

namespace vec = core::vec;

struct Candidate {
  double score;
  std::uint64_t seq;   // scan order: among equal scores the earlier row ranks first
  std::int64_t rowid;  // where its id, metadata and vector are fetched once it made the top k
};

/// Worse first: lower score, then later in the scan.
bool worse(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score < b.score;
  return a.seq > b.seq;
}

/// std's heap functions keep the largest on top: here "largest" is the worst candidate.
struct WorstOnTop {
  bool operator()(const Candidate& a, const Candidate& b) const { return worse(b, a); }
};

class TopK {
 public:
  TopK(std::size_t k, double min_score) : k_(k), min_score_(min_score) {}

  void offer(double score, std::uint64_t seq, std::int64_t rowid) {
    if (std::isnan(score) || !(score > min_score_)) return;  // NULL, or not above minScore
    if (heap_.size() == k_) {
      const auto& worst = heap_.front();
      if (!(score > worst.score)) return;  // an equal score arrived later: it ranks after
      std::pop_heap(heap_.begin(), heap_.end(), WorstOnTop());
      heap_.pop_back();
    }
    heap_.push_back({score, seq, rowid});
    std::push_heap(heap_.begin(), heap_.end(), WorstOnTop());
  }

  std::vector<Candidate> sorted() && {
    std::sort(heap_.begin(), heap_.end(),
              [](const Candidate& a, const Candidate& b) { return worse(b, a); });
    return std::move(heap_);
  }

 private:
  std::size_t k_;
  double min_score_;
  std::vector<Candidate> heap_;
};

}  // namespace

std::optional<std::vector<QueryResult>> scan_top_k(core::Db& db, const std::string& table,
                                                   const QueryParams& p, FilterSql filter) {
  std::string sql = "SELECT rowid, embedding FROM " + table;
  if (!filter.where.empty()) sql += " " + filter.where;
  const core::Statement stmt(std::move(sql), std::move(filter.values));
  const std::size_t dims = p.queryVector.size();
  const auto k =
      static_cast<std::size_t>(std::min<std::int64_t>(p.topK, static_cast<std::int64_t>(1) << 40));
  const vec::Vector query{vec::ElementType::Float32, p.queryVector, {}};

  std::optional<TopK> top;
  std::optional<CosineScorer> scorer;
  std::uint64_t seq = 0;
  std::int64_t rowids[CosineScorer::kLanes];
  std::uint64_t seqs[CosineScorer::kLanes];
  double scores[CosineScorer::kLanes];
  std::vector<Candidate> ranked;
  auto flush = [&] {
    const std::size_t n = scorer->pending();
    scorer->flush(scores);
    for (std::size_t r = 0; r < n; ++r) top->offer(scores[r], seqs[r], rowids[r]);
  };
  auto fetch = [&] {
    // The rows that made it, in one statement of the same snapshot.
    if (scorer->pending() > 0) flush();
    ranked = std::move(*top).sorted();
    if (ranked.empty()) return core::Statement();
    Json ids = Json::array();
    for (const auto& c : ranked) ids.push_back(c.rowid);
    return core::Statement("SELECT t.rowid, t.vector_id, t.metadata" +
                               std::string(p.includeVector ? ", t.embedding" : "") +
                               " FROM json_each(?) AS j JOIN " + table +
                               " AS t ON t.rowid = j.value",
                           {core::to_json_text(ids)});
  };
  const auto rows = db.scan(
      stmt,
      [&] {
        top.emplace(std::max<std::size_t>(k, 1), p.minScore);
        scorer.emplace(p.queryVector);
        seq = 0;
      },
      [&](const core::RowView& row) {
        const std::uint64_t s = seq++;
        const std::int64_t rowid = row.integer(0);
        const auto blob = row.blob(1);
        if (row.type(1) == core::RowView::Type::Blob && blob.size() == dims * sizeof(float)) {
          rowids[scorer->pending()] = rowid;
          seqs[scorer->pending()] = s;
          scorer->add(blob.data());
          if (scorer->full()) flush();
          return;
        }
        // Anything else (a float64 blob, a type byte, text, NULL, another length): libSQL's own
        // decoding and kernel, errors included.
        try {
          vec::Vector v;
          if (row.type(1) == core::RowView::Type::Text) {
            v = vec::parse_text(row.text(1), vec::ElementType::Float32);
          } else if (row.type(1) == core::RowView::Type::Blob) {
            v = vec::parse_blob(blob);
          } else {
            throw vec::VectorFormatError(std::string("vector: unexpected value type: got ") +
                                         (row.type(1) == core::RowView::Type::Null   ? "NULL"
                                          : row.type(1) == core::RowView::Type::Real ? "FLOAT"
                                                                                     : "INTEGER") +
                                         ", expected TEXT or BLOB");
          }
          top->offer(1 - vec::cosine_distance(v, query), s, rowid);
        } catch (const vec::VectorFormatError& e) {
          bad_row(table, "rowid " + std::to_string(rowid), e.what());
        }
      },
      fetch);
  if (!rows) return std::nullopt;

  // The fetched rows, in ranking order.
  std::unordered_map<std::int64_t, const core::Row*> by_rowid;
  for (const auto& row : rows->rows) by_rowid.emplace(core::to_int(row.at(0)).value_or(0), &row);
  std::vector<QueryResult> out;
  out.reserve(ranked.size());
  for (const auto& c : ranked) {
    const auto it = by_rowid.find(c.rowid);
    if (it == by_rowid.end()) continue;  // cannot happen within one snapshot
    const core::Row& row = *it->second;
    QueryResult r;
    r.id = core::to_text(row.at(1)).value_or("");
    r.score = c.score;
    r.metadata = stored_metadata(row.at(2), table, r.id);
    if (p.includeVector) r.vector = printed_vector(row.at(3), table, r.id);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace libsqlstore::vectors
