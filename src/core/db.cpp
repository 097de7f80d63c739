#include "core/db.hpp"

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/utf8.hpp"

namespace libsqlstore::core {

namespace {

// What the library accepts it must be able to read back: text that is not UTF-8 would be stored,
// then fail every read that meets it. One check, for every text value every write binds.
void check_text(const Statement& stmt) {
  for (const auto& arg : stmt.args) {
    const auto* text = text_ptr(arg);
    if (!text) continue;
    const auto bad = invalid_utf8_at(*text);
    if (bad == std::string::npos) continue;
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>((*text)[bad]);
    std::size_t from = bad > 32 ? bad - 32 : 0;
    while (from < bad && (static_cast<unsigned char>((*text)[from]) & 0xC0) == 0x80) ++from;
    std::string message = "A text value is not valid UTF-8: byte " + std::to_string(bad) +
                          " is 0x" + kHex[byte >> 4] + kHex[byte & 0xF];
    if (bad > 0) message += ", after " + to_json_text(Json(text->substr(from, bad - from)));
    core::invalid_argument(message, {{"byteOffset", bad}});
  }
}

void check_texts(std::span<const Statement> stmts) {
  for (const auto& s : stmts) check_text(s);
}

// The body's view of a write transaction: every statement's text is checked first.
class CheckedTransaction final : public Transaction {
 public:
  explicit CheckedTransaction(Transaction& inner) : inner_(inner) {}
  ResultSet query(const Statement& stmt) override {
    check_text(stmt);
    return inner_.query(stmt);
  }
  void execute(Statement stmt) override {
    check_text(stmt);
    inner_.execute(std::move(stmt));
  }

 private:
  Transaction& inner_;
};

}  // namespace

Db::Db(std::unique_ptr<Client> client, const BusyRetry& retry, const StoreOptions& options)
    : client_(std::move(client)), retry_(retry), options_(options) {}

void Db::log(LogLevel level, const std::string& message) const {
  if (options_.logger) options_.logger(level, message);
}

// A unit of work that failed with BusyError is re-run whole: SQLite reports busy only when the
// statement (and the transaction around it) did not take effect, so re-running it is safe.
std::vector<ResultSet> Db::read(std::span<const Statement> stmts) {
  return retry_.run([&] { return client_->batch(stmts, Access::Read); });
}

std::optional<ResultSet> Db::scan(const Statement& stmt, const std::function<void()>& restart,
                                  const std::function<void(const RowView&)>& row,
                                  const std::function<Statement()>& then) {
  return retry_.run([&] {
    restart();
    return client_->scan(stmt, row, then);
  });
}

ResultSet Db::read(const Statement& stmt) {
  return std::move(read(std::span<const Statement>(&stmt, 1)).front());
}

Capabilities Db::capabilities() {
  return retry_.run([&] { return client_->capabilities(); });
}

void Db::check_writable() const {
  if (options_.readOnly) {
    throw ReadOnlyError("LIBSQL_STORE_READ_ONLY", ErrorCategory::User,
                        "The store was opened read-only (StoreOptions::readOnly or ?mode=ro): "
                        "nothing was written");
  }
}

std::vector<ResultSet> Db::write(std::span<const Statement> stmts) {
  check_writable();
  check_texts(stmts);
  return retry_.run([&] { return client_->batch(stmts, Access::Write); });
}

ResultSet Db::write(const Statement& stmt) {
  return std::move(write(std::span<const Statement>(&stmt, 1)).front());
}

void Db::transaction(const std::function<void(Transaction&)>& body) {
  check_writable();
  retry_.run([&] {
    client_->transaction([&](Transaction& tx) {
      CheckedTransaction checked(tx);
      body(checked);
    });
    return 0;
  });
}

}  // namespace libsqlstore::core
