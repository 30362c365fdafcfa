// slakit/key_codec.hpp: how a report writes its channel and priority keys in its
// bytes, and reads them back.
#pragma once

#include <slakit/enums.hpp>

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

namespace slakit::inline v0 {

// Customization point: specialise with
//   static std::string encode(const T&);
//   static T decode(std::string_view);   // throws on a text encode never gives
// to serialize reports keyed by T. Provided for std::string and every enum with
// named values (channel, priority).
template <class T>
struct key_codec {};

template <class T>
concept serializable_key = requires(const T& value, std::string_view text) {
    { key_codec<T>::encode(value) } -> std::convertible_to<std::string>;
    { key_codec<T>::decode(text) } -> std::convertible_to<T>;
};

template <>
struct key_codec<std::string> {
    static std::string encode(const std::string& s) { return s; }
    static std::string decode(std::string_view s) { return std::string{s}; }
};

// Every enum that lists its names (enums.hpp), channel and priority among them: the
// text is to_string's. decode throws std::invalid_argument (unknown channel "fax").
template <named_enum Enum>
struct key_codec<Enum> {
    static std::string encode(Enum e) { return std::string{to_string(e)}; }
    static Enum decode(std::string_view text) {
        if (const auto e = try_parse<Enum>(text)) return *e;
        throw std::invalid_argument("unknown " + std::string{enum_values<Enum>::name} + " \"" + std::string{text} +
                                    '"');
    }
};

}  // namespace slakit::inline v0
