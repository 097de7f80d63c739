// The text a caller searches for -> an FTS5 MATCH expression (docs/search.md, "Query modes").
//
// "words" and "phrase" quote everything the caller typed, so no input can make an FTS5 syntax
// error; "fts5" passes FTS5's own syntax through after checking it here, so that a malformed
// query is refused with the position of the fault instead of SQLite's bare "syntax error near".
#pragma once

#include <string>
#include <string_view>

namespace libsqlstore::search {

enum class QueryMode { Words, Phrase, Fts5 };

/// The MATCH expression for `text` in `mode`. `column` is the FTS table's one column ("text",
/// "title"): the only name a column filter of an fts5 query may use.
///  - Words: every whitespace-separated chunk quoted as an FTS5 string, all of them required
///    (implicit AND), the last one a prefix (`"fli"*`);
///  - Phrase: the whole text one quoted string (its words adjacent, in order);
///  - Fts5: `text` itself, checked by check_fts5_syntax().
/// InvalidArgumentError when the text has no words (empty or blank), or for an fts5 query that
/// check_fts5_syntax() refuses.
std::string match_expression(std::string_view text, QueryMode mode, std::string_view column);

/// Checks `query` against FTS5's query grammar (SQLite's fts5parse.y: phrases, prefixes `*`,
/// `+` sequences, `^`, NEAR(... , N), AND / OR / NOT, parentheses, column filters `col:`,
/// `{a b}:`, `-col:`) and that column filters name only `column`. Throws InvalidArgumentError
/// whose message gives the byte offset and the text there; details {"position", "near"}.
void check_fts5_syntax(std::string_view query, std::string_view column);

/// `text` as an FTS5 string literal: in double quotes, each `"` doubled.
std::string fts5_string(std::string_view text);

}  // namespace libsqlstore::search
