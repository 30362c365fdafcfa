// Turns the C++ blocks of one Markdown file into one program, so that what the
// documentation shows is what compiles and what it prints is what runs.
//
//   extract_docs <shown name> <file.md> <out.cpp>
//
// Rules for the Markdown:
// - A C++ block is a fence whose language is cpp, c++ or cxx.
// - It is either a whole program (it defines `int main()`) or the body of one;
//   its #include lines may come first either way.
// - Its output is the ```text block that follows it, with nothing between them
//   but blank lines and at most one paragraph of prose ("prints"). The test runs
//   the block and compares what it writes to stdout with that text, byte for byte.
// - A block with no output block must start with the line `// compile-only`: it
//   is compiled but not run. Any other block without output is an error.
// - A file given to this program without a C++ block is an error.
// The generated file is rewritten only when its text changes, so that an edit to
// the prose does not rebuild the program.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct block {
    std::size_t line = 0;  // 1-based line of the first line of code
    std::vector<std::string> includes;
    std::vector<std::string> code;
    bool whole_program = false;
    bool compile_only = false;
    bool has_output = false;
    std::string output;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The language of a fence line ("```cpp" gives "cpp"), or nullopt-like "-" when the
// line is not a fence. Fences may be indented (inside list items).
bool is_fence(std::string_view line, std::string& language, std::size_t& indent) {
    indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    const auto rest = line.substr(indent);
    if (rest.substr(0, 3) != "```") return false;
    auto info = trim(rest.substr(3));
    language = std::string{info.substr(0, info.find(' '))};
    return true;
}

bool is_cpp(std::string_view language) {
    return language == "cpp" || language == "c++" || language == "cxx" || language == "C++";
}

std::string strip_indent(const std::string& line, std::size_t indent) {
    std::size_t i = 0;
    while (i < indent && i < line.size() && line[i] == ' ') ++i;
    return line.substr(i);
}

int fail(std::string_view shown, std::size_t line, std::string_view what) {
    std::cerr << shown << ':' << line << ": " << what << '\n';
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: extract_docs <shown name> <file.md> <out.cpp>\n";
        return 2;
    }
    const std::string shown = argv[1];
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
        std::cerr << "extract_docs: cannot read " << argv[2] << '\n';
        return 2;
    }
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);

    std::vector<block> blocks;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string language;
        std::size_t indent = 0;
        if (!is_fence(lines[i], language, indent)) continue;
        // Skip to the closing fence of this block, whatever its language.
        std::size_t end = i + 1;
        std::string ignored;
        std::size_t ignored_indent = 0;
        while (end < lines.size() && !is_fence(lines[end], ignored, ignored_indent)) ++end;
        if (end == lines.size()) return fail(shown, i + 1, "fence never closed");
        if (!is_cpp(language)) {
            i = end;
            continue;
        }
        block b;
        b.line = i + 2;
        bool in_head = true;
        for (std::size_t k = i + 1; k < end; ++k) {
            const std::string code = strip_indent(lines[k], indent);
            const auto t = trim(code);
            if (k == i + 1 && t.substr(0, 15) == "// compile-only") b.compile_only = true;
            if (in_head && t.substr(0, 8) == "#include") {
                b.includes.push_back("#line " + std::to_string(k + 1) + '\n' + code);
                b.code.emplace_back();  // keeps the code's lines where the Markdown has them
                continue;
            }
            if (!t.empty()) in_head = false;
            if (t.substr(0, 10) == "int main()") b.whole_program = true;
            b.code.push_back(code);
        }
        // The output block: the next fence, if it is text and only blank lines and
        // at most one paragraph of prose come before it.
        std::size_t next = end + 1;
        std::size_t prose = 0;  // paragraphs
        bool after_blank = true;
        while (next < lines.size() && !is_fence(lines[next], language, indent)) {
            const bool blank = trim(lines[next]).empty();
            if (!blank && after_blank) ++prose;
            after_blank = blank;
            if (prose > 1) break;
            ++next;
        }
        if (prose <= 1 && next < lines.size() && language == "text") {
            std::size_t close = next + 1;
            while (close < lines.size() && !is_fence(lines[close], ignored, ignored_indent)) ++close;
            if (close == lines.size()) return fail(shown, next + 1, "fence never closed");
            b.has_output = true;
            for (std::size_t k = next + 1; k < close; ++k) b.output += strip_indent(lines[k], indent) + '\n';
            if (b.output.find(")slakit_docs\"") != std::string::npos)
                return fail(shown, next + 1, "the output holds the text )slakit_docs\"");
        }
        if (b.compile_only && b.has_output)
            return fail(shown, b.line, "a // compile-only block is not run, so it cannot have an output block");
        if (!b.compile_only && !b.has_output)
            return fail(shown, b.line,
                        "a C++ block needs its output in a ```text block right after it, "
                        "or `// compile-only` as its first line");
        blocks.push_back(std::move(b));
        i = end;
    }
    if (blocks.empty()) return fail(shown, 1, "no C++ block found (a fence with cpp, c++ or cxx)");

    // Includes first, each with the Markdown line it came from; then each block in
    // its own namespace, its lines where the Markdown has them.
    std::ostringstream out;
    const std::string md_path = argv[2];
    out << "// Generated from " << shown << " by tests/docs/extract_docs.cpp. Do not edit.\n";
    for (const auto& b : blocks)
        for (const auto& inc : b.includes) {
            const auto newline = inc.find('\n');
            out << inc.substr(0, newline) << " \"" << md_path << "\"\n" << inc.substr(newline + 1) << '\n';
        }
    out << "#include \"runner.hpp\"\n";
    for (std::size_t n = 0; n < blocks.size(); ++n) {
        const auto& b = blocks[n];
        out << "\nnamespace docs_block_" << n + 1 << " {\n";
        if (!b.whole_program) out << "int main() {\n";
        out << "#line " << b.line << " \"" << md_path << "\"\n";
        for (const auto& c : b.code) out << c << '\n';
        if (!b.whole_program) out << "return 0;\n}\n";
        out << "}  // namespace docs_block_" << n + 1 << '\n';
    }
    out << "\nconst slakit_docs::block slakit_docs_blocks[] = {\n";
    for (std::size_t n = 0; n < blocks.size(); ++n) {
        const auto& b = blocks[n];
        out << "    {" << b.line << ", &docs_block_" << n + 1 << "::main, " << (b.compile_only ? "false" : "true")
            << ", R\"slakit_docs(" << b.output << ")slakit_docs\"},\n";
    }
    out << "};\n\nint main(int argc, char** argv) {\n"
        << "    return slakit_docs::run(argc, argv, \"" << shown << "\", slakit_docs_blocks);\n}\n";

    const std::string text = out.str();
    {
        std::ifstream old(argv[3], std::ios::binary);
        std::ostringstream old_text;
        if (old) old_text << old.rdbuf();
        if (old && old_text.str() == text) return 0;
    }
    std::ofstream file(argv[3], std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) {
        std::cerr << "extract_docs: cannot write " << argv[3] << '\n';
        return 2;
    }
    return 0;
}
