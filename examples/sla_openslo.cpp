// examples/sla_openslo.cpp: a contract's objectives and alert rules as OpenSLO v1 YAML,
// and back (docs/monitoring.md, "OpenSLO").
//
//   sla_openslo export --contract examples/contracts/china_2026.toml --output china.yaml
//   sla_openslo import china.yaml --output china.toml
//
// The export holds the SLOs of every channel x priority, their SLIs, and the burn-rate
// alert rules of slakit's monitor (burn.hpp); the calendar rides in annotations. The
// import writes the contract file back, which reads as the same contract.
#include "support/contract.hpp"
#include "support/openslo.hpp"
#include "support/program.hpp"

#include <slakit/burn.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

constexpr std::string_view footer = R"(
export: the SLOs (one per channel x priority x aggregate target, over a calendar month),
  SLIs (per-request thresholds as ratios, first-response times), and an AlertPolicy with
  a burnrate AlertCondition per alert rule of slakit's monitor. The calendar, channels,
  priorities, statuses and credit bands go in slakit.dev/ annotations of the Service.
import: reads such a file back and writes the contract (TOML); errors read file:line.
Exit status: 0 done, 2 bad arguments or a file that cannot be read or written.)";

// "95%", "99.5%": a share above 0 and at most 1; empty: none.
std::optional<double> parse_share(const std::string& option, const std::string& text) {
    if (text.empty()) return std::nullopt;
    double p = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), p);
    if (ec != std::errc{} || end + 1 != text.data() + text.size() || text.back() != '%' || !(p > 0.0 && p <= 100.0))
        throw std::invalid_argument(option + ": expected a percentage such as 95%, not \"" + text + '"');
    return p / 100.0;
}

// Writes text to path, or to standard output for an empty path.
bool write_text(const std::string& path, const std::string& text) {
    if (path.empty()) {
        std::cout << text;
        return slakit::examples::flush_stdout();
    }
    std::ofstream file{path, std::ios::binary | std::ios::trunc};
    file << text;
    file.close();
    if (!file) {
        std::cerr << "error: " << path << ": cannot write\n";
        return false;
    }
    return true;
}

int run(int argc, char** argv) {
    CLI::App app{"A slakit contract as OpenSLO v1 YAML, and back", "sla_openslo"};
    app.require_subcommand(1);
    std::string contract_path, yaml_path, output;
    CLI::App* to_yaml = app.add_subcommand("export", "A contract file (TOML) to OpenSLO YAML");
    to_yaml->add_option("-c,--contract", contract_path, "Contract file (TOML)")->required()->type_name("FILE");
    to_yaml->add_option("-o,--output", output, "YAML file to write (default: standard output)")->type_name("FILE");
    std::string first_share_text, handoff_share_text;
    to_yaml
        ->add_option("--first-response-share", first_share_text,
                     "An SLO per first-response threshold without a compliance aggregate, held to this share "
                     "(as sla_monitor --first-response-share), e.g. 95%")
        ->type_name("PERCENT");
    to_yaml
        ->add_option("--handoff-share", handoff_share_text,
                     "An SLO per hand-off threshold, held to this share (as sla_monitor --handoff-share)")
        ->type_name("PERCENT");
    CLI::App* from_yaml = app.add_subcommand("import", "OpenSLO YAML written by export to a contract file");
    from_yaml->add_option("FILE", yaml_path, "OpenSLO YAML file")->required();
    from_yaml->add_option("-o,--output", output, "Contract file to write (default: standard output)")
        ->type_name("FILE");
    app.footer(std::string{footer});
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help
        std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }

    if (to_yaml->parsed()) {
        slakit::examples::export_options options;
        try {
            options.first_response_share = parse_share("--first-response-share", first_share_text);
            options.handoff_share = parse_share("--handoff-share", handoff_share_text);
        } catch (const std::invalid_argument& e) {
            std::cerr << "error: " << e.what() << '\n';
            return 2;
        }
        const auto terms = slakit::examples::load_contract(contract_path);
        const auto rules = slakit::default_alert_rules();
        const std::string yaml =
            slakit::examples::export_openslo(terms, rules, slakit::examples::service_name_for(contract_path), options);
        return write_text(output, yaml) ? 0 : 2;
    }
    const auto imported = slakit::examples::load_openslo(yaml_path);
    if (imported.rules != slakit::default_alert_rules())
        std::cerr << "note: the alert rules differ from slakit's defaults; a contract file does not hold them\n";
    if (imported.shares.first_response_share || imported.shares.handoff_share)
        std::cerr << "note: the shares of per-request thresholds are sla_monitor options "
                     "(--first-response-share, --handoff-share), not contract terms\n";
    return write_text(output, imported.toml) ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) { return slakit::examples::run_program(run, argc, argv); }
