#include "search/query_syntax.hpp"

#include <cstddef>
#include <optional>
#include <vector>

#include "core/errors.hpp"

namespace libsqlstore::search {

namespace {

// Whitespace between the words of a user's text.
bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Whitespace of FTS5's query grammar (fts5ExprIsspace): not '\f' or '\v', which FTS5 calls a
// syntax error (found by tests/fuzz/search_query_fuzz.cpp).
bool is_fts5_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// FTS5's bareword characters (sqlite3Fts5IsBareword): ASCII letters and digits, '_', 0x1A and
// every byte of a multi-byte UTF-8 character.
bool is_bareword(unsigned char c) noexcept {
  return c >= 0x80 || c == '_' || c == 0x1A || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

enum class Tok {
  End,
  String,
  And,
  Or,
  Not,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Colon,
  Comma,
  Plus,
  Star,
  Minus,
  Caret
};

struct Token {
  Tok kind = Tok::End;
  std::size_t pos = 0;
  std::string_view text;  // a bareword as written, a quoted string with its quotes
  bool quoted = false;
};

[[noreturn]] void fail_at(std::string_view query, std::size_t pos, const std::string& why) {
  const std::string near(query.substr(pos, 16));
  core::invalid_argument(
      "fts5 query: " + why + " at offset " + std::to_string(pos) +
          (near.empty() ? std::string(" (end of query)") : " near " + core::quoted(near)),
      {{"position", pos}, {"near", near}});
}

std::vector<Token> tokenize(std::string_view q) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (true) {
    while (i < q.size() && is_fts5_space(q[i])) ++i;
    Token t;
    t.pos = i;
    if (i == q.size()) {
      out.push_back(t);
      return out;
    }
    const char c = q[i];
    auto single = [&](Tok kind) {
      t.kind = kind;
      t.text = q.substr(i, 1);
      ++i;
    };
    switch (c) {
      case '(':
        single(Tok::LParen);
        break;
      case ')':
        single(Tok::RParen);
        break;
      case '{':
        single(Tok::LBrace);
        break;
      case '}':
        single(Tok::RBrace);
        break;
      case ':':
        single(Tok::Colon);
        break;
      case ',':
        single(Tok::Comma);
        break;
      case '+':
        single(Tok::Plus);
        break;
      case '*':
        single(Tok::Star);
        break;
      case '-':
        single(Tok::Minus);
        break;
      case '^':
        single(Tok::Caret);
        break;
      case '"': {
        std::size_t j = i + 1;
        while (true) {
          if (j >= q.size()) fail_at(q, i, "unterminated string");
          if (q[j] == '"') {
            if (j + 1 < q.size() && q[j + 1] == '"') {
              j += 2;
              continue;
            }
            break;
          }
          ++j;
        }
        t.kind = Tok::String;
        t.quoted = true;
        t.text = q.substr(i, j + 1 - i);
        i = j + 1;
        break;
      }
      default: {
        if (!is_bareword(static_cast<unsigned char>(c))) fail_at(q, i, "unexpected character");
        std::size_t j = i;
        while (j < q.size() && is_bareword(static_cast<unsigned char>(q[j]))) ++j;
        t.text = q.substr(i, j - i);
        t.kind = t.text == "AND"   ? Tok::And
                 : t.text == "OR"  ? Tok::Or
                 : t.text == "NOT" ? Tok::Not
                                   : Tok::String;
        i = j;
      }
    }
    out.push_back(t);
  }
}

/// The unquoted value of a String token.
std::string value_of(const Token& t) {
  if (!t.quoted) return std::string(t.text);
  std::string out;
  for (std::size_t i = 1; i + 1 < t.text.size(); ++i) {
    out += t.text[i];
    if (t.text[i] == '"') ++i;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// Recursive descent over fts5parse.y's grammar. Precedence, loosest first: OR, AND, NOT; a
/// sequence of phrases (with optional column filters) is an implicit AND, but a parenthesised
/// group cannot start or continue such a sequence (FTS5 refuses `(a OR b) c`).
class Parser {
 public:
  Parser(std::string_view query, std::string_view column)
      : query_(query), column_(column), toks_(tokenize(query)) {}

  void parse() {
    expr(0);
    if (peek().kind != Tok::End) fail(peek(), "unexpected token");
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return toks_[std::min(at_ + ahead, toks_.size() - 1)];
  }
  const Token& next() {
    const Token& t = toks_[at_];
    if (at_ + 1 < toks_.size()) ++at_;
    return t;
  }
  [[noreturn]] void fail(const Token& t, const std::string& why) const {
    fail_at(query_, t.pos, t.kind == Tok::End ? "unexpected end of query" : why);
  }
  const Token& expect(Tok kind, const char* what) {
    if (peek().kind != kind) fail(peek(), std::string("expected ") + what);
    return next();
  }

  static int precedence(Tok kind) {
    switch (kind) {
      case Tok::Or:
        return 1;
      case Tok::And:
        return 2;
      case Tok::Not:
        return 3;
      default:
        return 0;
    }
  }

  void expr(int min_prec) {
    unit();
    while (true) {
      const int prec = precedence(peek().kind);
      if (prec == 0 || prec < min_prec) break;
      next();
      expr(prec + 1);  // left-associative
    }
  }

  // Where a phrase sequence may continue: a string, ^, or a column filter.
  bool starts_cnearset() const {
    const Tok k = peek().kind;
    return k == Tok::String || k == Tok::Caret || k == Tok::LBrace || k == Tok::Minus;
  }

  void unit() {
    if (peek().kind == Tok::LParen) {
      next();
      expr(0);
      expect(Tok::RParen, "')'");
      return;
    }
    if (starts_colset()) {
      colset();
      expect(Tok::Colon, "':' after a column filter");
      if (peek().kind == Tok::LParen) {
        next();
        expr(0);
        expect(Tok::RParen, "')'");
        return;
      }
      nearset();
    } else {
      nearset();
    }
    while (starts_cnearset()) {
      if (starts_colset()) {
        colset();
        expect(Tok::Colon, "':' after a column filter");
      }
      nearset();
    }
  }

  bool starts_colset() const {
    const Tok k = peek().kind;
    if (k == Tok::Minus || k == Tok::LBrace) return true;
    return k == Tok::String && peek(1).kind == Tok::Colon;
  }

  void column_name(const Token& t) {
    if (t.kind != Tok::String) fail(t, "expected a column name");
    if (!iequals(value_of(t), column_)) {
      fail(t, "no such column " + core::quoted(value_of(t)) + " (the only column is " +
                  std::string(column_) + ")");
    }
  }

  void colset() {
    if (peek().kind == Tok::Minus) next();
    if (peek().kind == Tok::LBrace) {
      next();
      column_name(next());
      while (peek().kind == Tok::String) column_name(next());
      expect(Tok::RBrace, "'}'");
      return;
    }
    column_name(next());
  }

  void nearset() {
    if (peek().kind == Tok::Caret) {
      next();
      phrase();
      return;
    }
    if (peek().kind == Tok::String && peek(1).kind == Tok::LParen) {
      const Token& name = next();
      if (name.quoted || name.text != "NEAR") fail(name, "only NEAR may be followed by '('");
      next();  // (
      phrase();
      while (peek().kind == Tok::String) phrase();
      if (peek().kind == Tok::Comma) {
        next();
        const Token& n = peek();
        if (n.kind != Tok::String || n.quoted || n.text.empty() ||
            n.text.find_first_not_of("0123456789") != std::string_view::npos) {
          fail(n, "expected an integer NEAR distance");
        }
        next();
      }
      expect(Tok::RParen, "')' closing NEAR");
      return;
    }
    phrase();
  }

  void phrase() {
    expect(Tok::String, "a word or a quoted string");
    if (peek().kind == Tok::Star) next();
    while (peek().kind == Tok::Plus) {
      next();
      expect(Tok::String, "a word or a quoted string after '+'");
      if (peek().kind == Tok::Star) next();
    }
  }

  std::string_view query_;
  std::string_view column_;
  std::vector<Token> toks_;
  std::size_t at_ = 0;
};

}  // namespace

std::string fts5_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void check_fts5_syntax(std::string_view query, std::string_view column) {
  Parser(query, column).parse();
}

std::string match_expression(std::string_view text, QueryMode mode, std::string_view column) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  if (words.empty()) core::invalid_argument("query must contain at least one word");
  switch (mode) {
    case QueryMode::Fts5:
      check_fts5_syntax(text, column);
      return std::string(text);
    case QueryMode::Phrase: {
      // Runs of whitespace collapse: the tokenizer ignores them anyway.
      std::string joined;
      for (const auto w : words) {
        if (!joined.empty()) joined += ' ';
        joined += w;
      }
      return fts5_string(joined);
    }
    case QueryMode::Words:
      break;
  }
  std::string out;
  for (const auto w : words) {
    if (!out.empty()) out += ' ';
    out += fts5_string(w);
  }
  out += '*';
  return out;
}

}  // namespace libsqlstore::search
