// libsqlstore: value types shared by every domain.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace libsqlstore {

/// A point in time with millisecond precision, UTC. Stored as ISO-8601 text
/// ("2025-01-01T00:00:00.000Z"), exactly as the reference's Date.toISOString() writes it.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// The current time, truncated to milliseconds.
Timestamp now() noexcept;

/// "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string to_iso8601(Timestamp t);

/// Parses what JavaScript's `new Date(text)` accepts in ISO form: "2025-01-01",
/// "2025-01-01T10:00Z", "2025-01-01T10:00:00.123456+02:00", "2025-01-01 10:00:00" (no zone = UTC).
/// nullopt if it is not such a date.
std::optional<Timestamp> parse_iso8601(std::string_view text);

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
