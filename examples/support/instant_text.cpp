// examples/support/instant_text.cpp: instants as the example programs print them.
#include "instant_text.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace slakit::examples {

std::string utc_text(slakit::instant t) {
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::milliseconds> time{t - day};
    char text[32];
    const auto two = [&](std::size_t at, unsigned v) {
        text[at] = static_cast<char>('0' + v / 10);
        text[at + 1] = static_cast<char>('0' + v % 10);
    };
    const auto year = static_cast<unsigned>(static_cast<int>(ymd.year()));
    two(0, year / 100);
    two(2, year % 100);
    text[4] = '-';
    two(5, static_cast<unsigned>(ymd.month()));
    text[7] = '-';
    two(8, static_cast<unsigned>(ymd.day()));
    text[10] = 'T';
    two(11, static_cast<unsigned>(time.hours().count()));
    text[13] = ':';
    two(14, static_cast<unsigned>(time.minutes().count()));
    text[16] = ':';
    two(17, static_cast<unsigned>(time.seconds().count()));
    text[19] = '.';
    const auto ms = static_cast<unsigned>(time.subseconds().count());
    text[20] = static_cast<char>('0' + ms / 100);
    two(21, ms % 100);
    text[23] = 'Z';
    return std::string(text, 24);
}


std::string local_text(const slakit::calendar& calendar, slakit::instant t) {
    const auto offset = std::chrono::seconds{calendar.zone()->get_info(std::chrono::floor<std::chrono::seconds>(t)).offset};
    const auto local = t + offset;
    const auto whole = std::chrono::floor<std::chrono::seconds>(local);
    std::string text = date::format("%FT%T", whole);
    if (const auto ms = (local - whole).count(); ms != 0) {
        text += '.';
        text += static_cast<char>('0' + ms / 100);
        text += static_cast<char>('0' + ms / 10 % 10);
        text += static_cast<char>('0' + ms % 10);
    }
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    const auto magnitude = minutes < 0 ? -minutes : minutes;
    text += minutes < 0 ? '-' : '+';
    text += static_cast<char>('0' + magnitude / 600);
    text += static_cast<char>('0' + magnitude / 60 % 10);
    text += ':';
    text += static_cast<char>('0' + magnitude % 60 / 10);
    text += static_cast<char>('0' + magnitude % 10);
    return text;
}

}  // namespace slakit::examples
