// slakit/key_codec.hpp: how a report writes its channel and priority keys in its
// bytes, and reads them back.
#pragma once

#include <slakit/enums.hpp>

#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace slakit::inline v0 {

// Customization point: specialise with
//   static std::string encode(const T&);
//   static T decode(std::string_view);   // throws on a text encode never gives
// to serialize reports keyed by T. Provided for std::string, std::vector<std::string>
// (a host's dimensions) and every enum with named values (channel, priority).
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

// A list of strings (dimension values such as team and agent): each as its byte
// length in decimal, ':' and its bytes ("7:billing9:agent-001"), so that any bytes,
// separators included, round-trip. decode throws std::invalid_argument on anything
// else (a missing ':', a length past the end, a leading zero).
template <>
struct key_codec<std::vector<std::string>> {
    static std::string encode(const std::vector<std::string>& values) {
        std::string out;
        for (const auto& v : values) {
            out += std::to_string(v.size());
            out += ':';
            out += v;
        }
        return out;
    }
    static std::vector<std::string> decode(std::string_view text) {
        std::vector<std::string> out;
        while (!text.empty()) {
            const auto colon = text.find(':');
            if (colon == std::string_view::npos || colon == 0 || colon > 9 || (text[0] == '0' && colon > 1))
                throw std::invalid_argument("a list of strings needs <length>:<bytes> for each value");
            std::size_t size = 0;
            for (const char c : text.substr(0, colon)) {
                if (c < '0' || c > '9')
                    throw std::invalid_argument("a list of strings has a length that is not a number");
                size = size * 10 + static_cast<std::size_t>(c - '0');
            }
            text.remove_prefix(colon + 1);
            if (size > text.size()) throw std::invalid_argument("a list of strings has a value longer than the text");
            out.emplace_back(text.substr(0, size));
            text.remove_prefix(size);
        }
        return out;
    }
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
