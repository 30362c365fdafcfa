// slakit/enums.hpp: text for enums. Each enum E has a constexpr to_string(E) next
// to it, found by ADL, and a specialisation of enum_values<E> listing its values;
// parse<E> and try_parse<E> then read back what to_string writes, and nothing else.
#pragma once

#include <slakit/error.hpp>

#include <array>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace slakit::inline v0 {

// Specialise with `static constexpr std::array values{...}` and `static constexpr
// std::string_view name = "..."` (what the enum is called in error messages).
template <class Enum>
struct enum_values;

template <class Enum>
concept named_enum = std::is_enum_v<Enum> && requires(Enum e) {
    { to_string(e) } -> std::convertible_to<std::string_view>;
    enum_values<Enum>::values;
    { enum_values<Enum>::name } -> std::convertible_to<std::string_view>;
};

// The value whose to_string is text exactly, or nullopt.
template <named_enum Enum>
[[nodiscard]] constexpr std::optional<Enum> try_parse(std::string_view text) noexcept {
    for (const Enum e : enum_values<Enum>::values)
        if (to_string(e) == text) return e;
    return std::nullopt;
}

// As try_parse; throws parse_error naming the enum and the accepted spellings.
template <named_enum Enum>
[[nodiscard]] Enum parse(std::string_view text) {
    if (const auto e = try_parse<Enum>(text)) return *e;
    std::string what = "unknown ";
    what += enum_values<Enum>::name;
    what += " (expected";
    const char* separator = " ";
    for (const Enum e : enum_values<Enum>::values) {
        what += separator;
        what += to_string(e);
        separator = ", ";
    }
    what += ')';
    throw parse_error(what, text, 0);
}

}  // namespace slakit::inline v0
