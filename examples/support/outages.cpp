// examples/support/outages.cpp: an outages CSV.
#include "outages.hpp"

#include "csv.hpp"
#include "fatal_error.hpp"

#include <slakit/error.hpp>
#include <slakit/time.hpp>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace slakit::examples {

std::vector<slakit::outage<>> read_outages(const std::string& path) {
    using outage_reader = io::CSVReader<2, io::trim_chars<' '>, io::double_quote_escape<',', '"'>,
                                        io::throw_on_overflow, io::empty_line_comment>;
    std::unique_ptr<outage_reader> reader;
    try {
        reader = std::make_unique<outage_reader>(path);
        reader->read_header(io::ignore_extra_column, "begin", "end");
    } catch (const io::error::can_not_open_file&) {
        throw fatal_error(path + ": cannot open: " + std::strerror(errno));
    } catch (const io::error::missing_column_in_header& e) {
        throw fatal_error(path + ":1: the header has no column \"" + e.column_name + "\" (expected begin,end)");
    } catch (const io::error::base& e) {
        throw fatal_error(path + ":1: bad header: " + e.what());
    }
    std::vector<slakit::outage<>> outages;
    for (;;) {
        char* begin = nullptr;
        char* end = nullptr;
        try {
            if (!reader->read_row(begin, end)) break;
        } catch (const io::error::base& e) {
            throw fatal_error(path + ':' + std::to_string(reader->get_file_line()) + ": " + e.what());
        }
        const std::string where = path + ':' + std::to_string(reader->get_file_line()) + ": ";
        try {
            const instant from = slakit::parse_instant(begin);
            const instant to = slakit::parse_instant(end);
            if (to < from) throw fatal_error(where + "the outage ends before it begins");
            outages.push_back({from, to});
        } catch (const slakit::parse_error& e) {
            throw fatal_error(where + e.what());
        }
    }
    return outages;
}

}  // namespace slakit::examples
