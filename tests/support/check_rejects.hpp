// CHECK_REJECTS(expr, pos, fragment): expects `expr` to throw slakit::parse_error at
// `pos` with `fragment` in its message.
#pragma once

#include <slakit/error.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>

#define CHECK_REJECTS(expr, pos, fragment)                                                      \
    do {                                                                                        \
        bool thrown_ = false;                                                                   \
        try {                                                                                   \
            static_cast<void>(expr);                                                            \
        } catch (const slakit::parse_error& e_) {                                               \
            thrown_ = true;                                                                     \
            CHECK_MESSAGE(e_.position() == std::size_t{pos}, std::string{e_.what()});           \
            CHECK_MESSAGE(std::string_view{e_.what()}.find(fragment) != std::string_view::npos, \
                          std::string{e_.what()});                                              \
        }                                                                                       \
        CHECK_MESSAGE(thrown_, "no parse_error from " #expr);                                   \
    } while (false)
