// libsqlstore: value types shared by every domain.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/export.hpp"

namespace libsqlstore {

/// A point in time with millisecond precision, UTC. Stored as ISO-8601 text
/// ("2025-01-01T00:00:00.000Z"), exactly as the reference's Date.toISOString() writes it.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// The earliest and the latest instant a store writes: 0000-01-01T00:00:00.000Z and
/// 9999-12-31T23:59:59.999Z. Timestamps are stored as ISO-8601 text, which sorts as time only
/// while the year has four digits, so:
///  - writing a timestamp outside this range is an InvalidArgumentError;
///  - a date-range filter bound outside it is clamped to it, so a filter that says "no upper
///    bound" with JavaScript's largest date (+275760-09-13) still matches every row.
/// Rows another program stored with other years still read (parse_iso8601 accepts them).
inline constexpr Timestamp kMinStoredTimestamp{std::chrono::milliseconds{-62'167'219'200'000}};
inline constexpr Timestamp kMaxStoredTimestamp{std::chrono::milliseconds{253'402'300'799'999}};

/// The current time, truncated to milliseconds.
LIBSQLSTORE_EXPORT Timestamp now() noexcept;

/// "YYYY-MM-DDTHH:MM:SS.mmmZ" (Date.toISOString(); years outside 0000-9999 as "+YYYYYY"/"-YYYYYY").
/// InvalidArgumentError outside JavaScript's range of dates.
LIBSQLSTORE_EXPORT std::string to_iso8601(Timestamp t);

/// Parses what JavaScript's `new Date(text)` accepts in ISO form: "2025-01-01",
/// "2025-01-01T10:00Z", "2025-01-01T10:00:00.123456+02:00", "2025-01-01 10:00:00" (no zone = UTC),
/// and expanded years ("+275760-09-13T00:00:00.000Z"). nullopt if it is not such a date or lies
/// outside JavaScript's range (+-8.64e15 ms around the epoch).
LIBSQLSTORE_EXPORT std::optional<Timestamp> parse_iso8601(std::string_view text);

/// What kind of database a store talks to. Replica: a local file that is an embedded replica of
/// a remote primary (StoreOptions::syncUrl): reads are local, writes remote.
enum class BackendKind { Memory, File, Remote, Replica };
/// "memory", "file", "remote" or "replica": the name dumps (docs/export-format.md) and
/// `libsqlstore stats` give the backend; "unknown" for a value outside the enum.
LIBSQLSTORE_EXPORT std::string_view to_string(BackendKind kind) noexcept;

namespace detail {
/// A store's private state (its database, options and schema state), shared by its domains.
class StoreContext;
/// How the library's free functions (transfer.hpp) reach a store's context.
struct StoreAccess;
}  // namespace detail

/// Sort direction for listings.
enum class SortDirection { Asc, Desc };

/// An inclusive time window; an absent bound is open.
struct DateRange {
  std::optional<Timestamp> start;
  std::optional<Timestamp> end;
};

/// Page request: `page` is zero-based, `perPage` rows per page.
struct PageRequest {
  std::int64_t page = 0;
  std::int64_t perPage = 100;
};

}  // namespace libsqlstore
