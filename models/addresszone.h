#pragma once

#include <QString>

namespace dispatch {

struct Job;

/// The IANA time zone a job's address is in, told from its country and state codes: a US state's
/// zone (the one most of the state keeps where a state spans two), or a country's only zone.
/// Empty when the address does not say (no codes, an unknown state, a country with several
/// zones): the console then asks the dispatcher to pick one rather than guess.
QString addressTimeZone(const Job &job);

/// The town a job's address names, for people: "Round Rock, TX" from "12 Elm St, Round Rock,
/// TX 78664" (the part before the last, with the job's state code or else the last part's
/// first word). Empty when the address has fewer than three comma-separated parts.
QString addressPlace(const Job &job);

} // namespace dispatch
