// slakit/status.hpp: the two words every outcome is reported in.
#pragma once

namespace slakit {

// Whether a request counts toward the contract's standards (clause 2.3, 4.1(5)).
enum class scope : unsigned char {
    in_hours,      // submitted inside effective working hours: counts
    out_of_hours,  // recorded and reported apart, never counted toward 2.1
    excluded,      // a delay the business caused, with its reason
};

// Where a request stands against a per-request threshold at the evaluation time.
enum class status : unsigned char {
    met,       // answered within the threshold (inclusive)
    breached,  // answered late, or unanswered past the threshold
    pending,   // unanswered, threshold not yet passed
};

} // namespace slakit
