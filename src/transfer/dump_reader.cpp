#include "transfer/dump_reader.hpp"

#include <set>

#include "libsqlstore/error.hpp"

#include "core/json_parser.hpp"

namespace libsqlstore::transfer {
namespace {

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

/// Parses one line: the store's fast parser, nlohmann's where it declines (and for errors).
bool parse_line(const std::string& line, Json& out) {
  if (core::parse_json_fast(line, out)) return true;
  try {
    out = Json::parse(line);
    return true;
  } catch (const Json::exception&) {
    return false;
  }
}

std::vector<std::string> string_list(const Json& v) {
  std::vector<std::string> out;
  if (!v.is_array()) throw std::invalid_argument("not an array of strings");
  for (const auto& e : v) {
    if (!e.is_string()) throw std::invalid_argument("not an array of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace

void DumpReader::fail(const char* suffix, const std::string& message) const {
  throw DataError(id_prefix_ + suffix, ErrorCategory::User,
                  "Dump line " + std::to_string(line_no_) + ": " + message, {{"line", line_no_}});
}

DumpReader::DumpReader(std::istream& in, std::string id_prefix)
    : in_(in), id_prefix_(std::move(id_prefix)) {
  if (!std::getline(in_, line_)) fail("_TRUNCATED", "the dump is empty");
  line_no_ = 1;
  Json h;
  if (!parse_line(line_, h)) {
    fail("_INVALID_DUMP", "the header is not JSON: this is not a libsqlstore dump");
  }
  if (!h.is_object() || h.value("format", std::string()) != kFormatName) {
    fail("_INVALID_DUMP", "the header does not say format \"libsqlstore-dump\"");
  }
  const auto version = h.find("version");
  if (version == h.end() || !version->is_number_integer()) {
    fail("_INVALID_DUMP", "the header has no integer version");
  }
  header_.version = version->get<int>();
  if (header_.version != kDumpFormatVersion) {
    fail("_INVALID_DUMP", "format version " + std::to_string(header_.version) +
                              " is not one this libsqlstore reads (it reads version " +
                              std::to_string(kDumpFormatVersion) + ")");
  }
  if (const auto s = h.find("search"); s != h.end() && s->is_object()) {
    const auto tokenizer = s->value("tokenizer", std::string());
    if (tokenizer == "unicode61") {
      header_.search = SearchTokenizer::Unicode61;
    } else if (tokenizer == "trigram") {
      header_.search = SearchTokenizer::Trigram;
    } else {
      fail("_INVALID_DUMP", "unknown search tokenizer \"" + tokenizer + "\"");
    }
  }
  const auto tables = h.find("tables");
  if (tables == h.end() || !tables->is_array()) fail("_INVALID_DUMP", "the header has no tables");
  std::set<std::string> names;
  for (const auto& t : *tables) {
    TableEntry e;
    try {
      e.name = t.at("name").get<std::string>();
      e.kind = t.at("kind").get<std::string>();
      e.sql = t.at("sql").get<std::string>();
      e.columns = string_list(t.at("columns"));
      e.indexes = string_list(t.at("indexes"));
      e.rows = t.at("rows").get<std::int64_t>();
    } catch (const std::exception&) {
      fail("_INVALID_DUMP",
           "a table of the header lacks name, kind, sql, columns, indexes or rows");
    }
    if (e.name.empty() || e.columns.empty() || !names.insert(e.name).second) {
      fail("_INVALID_DUMP", "table \"" + e.name + "\" is empty, nameless or listed twice");
    }
    header_.tables.push_back(std::move(e));
  }
  counts_.assign(header_.tables.size(), 0);
}

std::optional<DumpRow> DumpReader::next() {
  while (!done_) {
    if (!std::getline(in_, line_)) {
      fail("_TRUNCATED", "the dump ends before its trailer (an interrupted export or copy)");
    }
    ++line_no_;
    Json v;
    if (!parse_line(line_, v)) fail("_INVALID_DUMP", "not JSON");
    if (!v.is_object()) fail("_INVALID_DUMP", "not a JSON object");
    if (v.contains("end")) {
      check_trailer(v);
      done_ = true;
      break;
    }
    sha_.update(line_);
    sha_.update("\n");
    const auto table = v.find("table");
    auto row = v.find("row");
    if (table == v.end() || !table->is_string() || row == v.end() || !row->is_array()) {
      fail("_INVALID_DUMP", "a row line needs \"table\" (a string) and \"row\" (an array)");
    }
    const auto& name = table->get_ref<const std::string&>();
    std::size_t index = 0;
    while (index < header_.tables.size() && header_.tables[index].name != name) ++index;
    if (index == header_.tables.size()) {
      fail("_INVALID_DUMP", "table \"" + name + "\" is not in the header");
    }
    const auto& columns = header_.tables[index].columns;
    if (row->size() != columns.size()) {
      fail("_INVALID_DUMP", "a row of " + name + " has " + std::to_string(row->size()) +
                                " values for its " + std::to_string(columns.size()) + " columns");
    }
    DumpRow out;
    out.table = index;
    out.values.reserve(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      auto value = decode_value((*row)[c]);  // moves a string out of the parsed line
      if (!value) {
        fail("_INVALID_DUMP", name + "." + columns[c] + " holds " + (*row)[c].dump(-1, ' ', true) +
                                  ", which is not a dump value");
      }
      out.values.push_back(std::move(*value));
    }
    ++counts_[index];
    ++rows_;
    return out;
  }
  // After the trailer: blank lines only.
  while (std::getline(in_, line_)) {
    ++line_no_;
    if (!blank(line_)) fail("_INVALID_DUMP", "text after the trailer");
  }
  return std::nullopt;
}

void DumpReader::check_trailer(const Json& trailer) {
  const auto rows = trailer.find("rows");
  const auto tables = trailer.find("tables");
  const auto sha = trailer.find("sha256");
  if (rows == trailer.end() || !rows->is_number_integer() || tables == trailer.end() ||
      !tables->is_object() || sha == trailer.end() || !sha->is_string()) {
    fail("_INVALID_DUMP", "the trailer needs rows, tables and sha256");
  }
  if (rows->get<std::int64_t>() != rows_) {
    fail("_CHECKSUM_MISMATCH", "the trailer counts " + std::to_string(rows->get<std::int64_t>()) +
                                   " rows, the dump holds " + std::to_string(rows_));
  }
  for (std::size_t i = 0; i < header_.tables.size(); ++i) {
    const auto& name = header_.tables[i].name;
    const auto it = tables->find(name);
    const std::int64_t expected =
        it != tables->end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
    if (expected != counts_[i]) {
      fail("_CHECKSUM_MISMATCH", "the trailer counts " + std::to_string(expected) + " rows of " +
                                     name + ", the dump holds " + std::to_string(counts_[i]));
    }
  }
  if (sha->get<std::string>() != sha_.digest()) {
    fail("_CHECKSUM_MISMATCH",
         "the SHA-256 of the row lines is not the trailer's: the dump was changed or damaged");
  }
}

}  // namespace libsqlstore::transfer
