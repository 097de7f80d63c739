#include "vector/local_query.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/json_text.hpp"
#include "core/vector_codec.hpp"
#include "vector/cosine_scorer.hpp"

namespace libsqlstore::vectors {

namespace {

namespace vec = core::vec;

/// A row on its way through the scorer: what the answer needs if it makes the top k.
struct Slot {
  std::string id;
  std::string metadata;
  bool metadata_null = false;
  std::vector<float> embedding;  // only with includeVector
};

struct Candidate {
  double score;
  std::uint64_t seq;  // scan order: among equal scores the earlier row ranks first
  Slot slot;
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

  /// Offers a scored row; moves `slot` out only when the row is kept.
  void offer(double score, std::uint64_t seq, Slot& slot) {
    if (std::isnan(score) || !(score > min_score_)) return;  // NULL, or not above minScore
    if (heap_.size() == k_) {
      const auto& worst = heap_.front();
      if (!(score > worst.score)) return;  // an equal score arrived later: it ranks after
      std::pop_heap(heap_.begin(), heap_.end(), WorstOnTop());
      heap_.pop_back();
    }
    heap_.push_back({score, seq, std::move(slot)});
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

[[noreturn]] void bad_row(const std::string& table, const std::string& id, const std::string& why) {
  throw DataError("LIBSQL_VECTOR_QUERY_FAILED", ErrorCategory::ThirdParty, why,
                  {{"indexName", table}, {"id", id}});
}

}  // namespace

std::optional<std::vector<QueryResult>> scan_top_k(core::Db& db, const std::string& table,
                                                   const QueryParams& p, FilterSql filter) {
  std::string sql = "SELECT embedding, vector_id, metadata FROM " + table;
  if (!filter.where.empty()) sql += " " + filter.where;
  const core::Statement stmt(std::move(sql), std::move(filter.values));
  const std::size_t dims = p.queryVector.size();
  const auto k =
      static_cast<std::size_t>(std::min<std::int64_t>(p.topK, static_cast<std::int64_t>(1) << 40));

  std::optional<TopK> top;
  std::optional<CosineScorer> scorer;
  std::vector<Slot> slots(CosineScorer::kLanes);
  std::vector<std::uint64_t> seqs(CosineScorer::kLanes);
  std::uint64_t seq = 0;
  double scores[CosineScorer::kLanes];
  const vec::Vector query{vec::ElementType::Float32, p.queryVector, {}};

  auto flush = [&] {
    const std::size_t n = scorer->pending();
    scorer->flush(scores);
    for (std::size_t r = 0; r < n; ++r) top->offer(scores[r], seqs[r], slots[r]);
  };
  const bool streamed = db.scan(
      stmt,
      [&] {
        top.emplace(std::max<std::size_t>(k, 1), p.minScore);
        scorer.emplace(p.queryVector);
        seq = 0;
      },
      [&](const core::RowView& row) {
        const std::uint64_t s = seq++;
        const auto blob = row.blob(0);
        const bool fast =
            row.type(0) == core::RowView::Type::Blob && blob.size() == dims * sizeof(float);
        Slot* slot = nullptr;
        Slot single;
        if (fast) {
          slot = &slots[scorer->pending()];
          seqs[scorer->pending()] = s;
        } else {
          slot = &single;
        }
        slot->id.assign(row.text(1));
        slot->metadata_null = row.type(2) == core::RowView::Type::Null;
        slot->metadata.assign(row.text(2));
        if (p.includeVector) {
          slot->embedding.resize(blob.size() / sizeof(float));
          vec::load_f32(blob.data(), slot->embedding);
        }
        if (fast) {
          scorer->add(blob.data());
          if (scorer->full()) flush();
          return;
        }
        // Anything else (a float64 blob, text, NULL, another length): libSQL's own decoding,
        // errors included.
        double score = NAN;
        try {
          vec::Vector v;
          if (row.type(0) == core::RowView::Type::Text) {
            v = vec::parse_text(row.text(0), vec::ElementType::Float32);
          } else if (row.type(0) == core::RowView::Type::Blob) {
            v = vec::parse_blob(blob);
          } else {
            throw vec::VectorFormatError(
                "vector: unexpected value type: got " +
                std::string(row.type(0) == core::RowView::Type::Null ? "NULL" : "a number") +
                ", expected TEXT or BLOB");
          }
          score = 1 - vec::cosine_distance(v, query);
          if (p.includeVector) single.embedding = vec::convert(v, vec::ElementType::Float32).f32;
        } catch (const vec::VectorFormatError& e) {
          bad_row(table, single.id, e.what());
        }
        top->offer(score, s, single);
      });
  if (!streamed) return std::nullopt;
  if (scorer->pending() > 0) flush();

  std::vector<QueryResult> out;
  for (auto& c : std::move(*top).sorted()) {
    QueryResult r;
    r.id = std::move(c.slot.id);
    r.score = c.score;
    if (c.slot.metadata_null) {
      r.metadata = Json::object();
    } else if (auto parsed = core::try_parse_json(c.slot.metadata)) {
      r.metadata = std::move(*parsed);
    } else {
      bad_row(table, r.id,
              "The metadata of vector \"" + r.id + "\" in \"" + table + "\" is not JSON");
    }
    if (p.includeVector) {
      // vector_extract's text, read back as the reference's JSON.parse reads it.
      std::vector<double> values;
      values.reserve(c.slot.embedding.size());
      for (float f : c.slot.embedding) {
        if (!std::isfinite(f)) {
          bad_row(table, r.id,
                  "The vector \"" + r.id + "\" in \"" + table +
                      "\" does not print as JSON numbers (it holds Inf or NaN)");
        }
        const auto text = vec::format_g(f);
        double d = 0;
        std::from_chars(text.data(), text.data() + text.size(), d);
        values.push_back(d);
      }
      r.vector = std::move(values);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace libsqlstore::vectors
