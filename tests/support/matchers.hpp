// "This call throws this error": one helper for every test that checks an error's type, id and
// message, instead of a hand-written try/catch in each.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::testing {

/// Runs `call`, which must throw an `E` whose id() is `id` (unless `id` is empty) and whose
/// message contains `text` (unless empty). Returns the message ("" when the expectation failed),
/// so a test can check more of it.
template <class E, class F>
std::string expect_error(F&& call, std::string_view id, std::string_view text = {}) {
  try {
    call();
  } catch (const E& e) {
    if (!id.empty()) {
      EXPECT_EQ(e.id(), id) << e.what();
    }
    if (!text.empty()) {
      EXPECT_NE(std::string_view(e.what()).find(text), std::string_view::npos)
          << "message: " << e.what() << "\nexpected to contain: " << text;
    }
    return e.what();
  } catch (const Error& e) {
    ADD_FAILURE() << "expected " << typeid(E).name() << " " << id << ", got " << typeid(e).name()
                  << " " << e.id() << ": " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected " << typeid(E).name() << " " << id << ", nothing was thrown";
  return "";
}

/// Runs `call`, which must throw an `E`; returns a copy of it to check (nullopt, with a test
/// failure, when nothing or something else was thrown). Use as
/// `if (const auto e = caught<DataError>([&] { ... })) { EXPECT_EQ(e->id(), ...); }`.
template <class E, class F>
std::optional<E> caught(F&& call) {
  try {
    call();
  } catch (const E& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected " << typeid(E).name() << ", got " << typeid(e).name() << ": "
                  << e.what();
    return std::nullopt;
  }
  ADD_FAILURE() << "expected " << typeid(E).name() << ", nothing was thrown";
  return std::nullopt;
}

}  // namespace libsqlstore::testing
