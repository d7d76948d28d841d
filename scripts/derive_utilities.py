#!/usr/bin/env python3
"""Derive the server's utility directory from the NREL zip → utility CSVs.

Usage (from the repository root):

    python3 scripts/derive_utilities.py [DATA_DIR] [--check]

DATA_DIR holds the two unmodified NREL files and defaults to ../shared/data
relative to the repository root. Writes server/data/utilities.tsv,
server/data/zips.tsv and server/data/PROVENANCE.md. With --check nothing is
written; the exit status says whether the committed files are up to date.
Display names come from scripts/utility_display_names.tsv (hand-curated) or,
for every other utility, from the tidy rule in scripts/display_names.py.

Python 3 standard library only, so it runs anywhere the repo is checked out.
"""

import argparse
import collections
import csv
import hashlib
import os
import sys

import display_names

# Pinned so that a re-download or a re-saved copy (several public copies lost
# leading zeros or commas in names) cannot silently change the directory.
# Values copied from the data README.
INPUTS = [
    {
        "file": "iouzipcodes2013.csv",
        "year": 2013,
        "covers": "investor-owned utilities",
        "sha256": "c626454f6701810f700013e07f462a916d99c3e8b0b5ce3ae538d2ffbdd7299c",
    },
    {
        "file": "non_iou_zipcodes_2020.csv",
        "year": 2020,
        "covers": "co-ops, municipal, federal, state, political-subdivision utilities, retail power marketers",
        "sha256": "6e2cea89d6b3cba1d0f6e43d9c7f70e472e54919b3dadd1608c587f7175bdade",
    },
]

# Totals stated in the data README. The inputs are pinned by hash, so a
# mismatch here means this script's merging logic is wrong, not the data.
EXPECTED_UTILITIES = 1193
EXPECTED_ZIPS = 37712
EXPECTED_PAIRS = 52744

HEADER = ["zip", "eiaid", "utility_name", "state", "service_type", "ownership",
          "comm_rate", "ind_rate", "res_rate"]

# Lower rank = better: a Bundled utility sells the customer's energy and owns
# the wires, so it is the most likely account to hold the bills.
SERVICE_CODES = {"Bundled": ("B", 0), "Delivery": ("D", 1), "Energy": ("E", 2)}

SIZE_BUDGET = 1_500_000

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO_ROOT, "server", "data")
REGENERATE = "python3 scripts/derive_utilities.py ../shared/data"


def fail(message):
    sys.exit(f"derive_utilities: error: {message}")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_inputs(data_dir):
    for spec in INPUTS:
        path = os.path.join(data_dir, spec["file"])
        if not os.path.isfile(path):
            fail(f"missing input {path}")
        actual = sha256_of(path)
        if actual != spec["sha256"]:
            fail(f"{path}: SHA-256 is {actual}, expected {spec['sha256']}; "
                 "refusing to derive from a different file")


def clean_field(value, what, where):
    # Tabs or newlines would corrupt the TSV outputs, which use no quoting.
    if any(c in value for c in "\t\r\n"):
        fail(f"{where}: {what} contains a tab or newline: {value!r}")
    if value != value.strip() or not value:
        fail(f"{where}: {what} is empty or has surrounding spaces: {value!r}")
    return value


def read_rows(data_dir, spec):
    """Yield validated records of one input file, in file order."""
    path = os.path.join(data_dir, spec["file"])
    # newline="" lets the csv module handle the CRLF endings and quoted commas.
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        if next(reader, None) != HEADER:
            fail(f"{path}: unexpected header")
        for line_no, row in enumerate(reader, start=2):
            where = f"{spec['file']}:{line_no}"
            if len(row) != len(HEADER):
                fail(f"{where}: expected {len(HEADER)} fields, got {len(row)}")
            zip_raw, eiaid, name, state, service, ownership = row[:6]
            # The 2020 non-IOU file stored zips as numbers, dropping leading zeros.
            if not (zip_raw.isascii() and zip_raw.isdigit() and 3 <= len(zip_raw) <= 5):
                fail(f"{where}: bad zip {zip_raw!r}")
            if not (eiaid.isascii() and eiaid.isdigit()):
                fail(f"{where}: bad eiaid {eiaid!r}")
            if service not in SERVICE_CODES:
                fail(f"{where}: unknown service_type {service!r}")
            if not (len(state) == 2 and state.isascii() and state.isupper()):
                fail(f"{where}: bad state {state!r}")
            yield {
                "zip": zip_raw.zfill(5),
                "eiaid": int(eiaid),
                "name": clean_field(name, "utility_name", where),
                "state": state,
                "service": service,
                "ownership": clean_field(ownership, "ownership", where),
                "year": spec["year"],
            }


def derive(data_dir):
    rows = [r for spec in INPUTS for r in read_rows(data_dir, spec)]

    # (eiaid, year) -> (name, ownership); one file never disagrees with itself,
    # but the same eiaid can appear in both files (renamed or re-classified).
    identity = {}
    years_of = collections.defaultdict(set)
    state_rows = collections.defaultdict(collections.Counter)
    best = {}  # (zip, eiaid) -> service_type
    for r in rows:
        key = (r["eiaid"], r["year"])
        seen = identity.setdefault(key, (r["name"], r["ownership"]))
        if seen != (r["name"], r["ownership"]):
            fail(f"eiaid {r['eiaid']} has two names/ownerships within {r['year']}: "
                 f"{seen} vs {(r['name'], r['ownership'])}")
        years_of[r["eiaid"]].add(r["year"])
        state_rows[r["eiaid"]][r["state"]] += 1
        pair = (r["zip"], r["eiaid"])
        if pair not in best or SERVICE_CODES[r["service"]][1] < SERVICE_CODES[best[pair]][1]:
            best[pair] = r["service"]

    utilities = {}
    conflicts = []
    for eiaid in sorted(state_rows):
        years = sorted(years_of[eiaid])
        # The newest data year wins: it reflects renames and ownership changes.
        name, ownership = identity[(eiaid, years[-1])]
        if len(years) > 1:
            conflicts.append((eiaid, [(y,) + identity[(eiaid, y)] for y in years]))
        # most_common keeps first-seen order on ties, so ties go to the state
        # of the utility's first row (IOU file first), which is deterministic.
        state = state_rows[eiaid].most_common(1)[0][0]
        utilities[eiaid] = (name, state, ownership)

    zip_count = collections.Counter(eiaid for (_zip, eiaid) in best)
    by_zip = collections.defaultdict(list)
    for (zip_code, eiaid), service in best.items():
        by_zip[zip_code].append((eiaid, service))
    for entries in by_zip.values():
        # The first entry is what the widget pre-selects, so the bigger bundled
        # utility leads: it is the likeliest answer for a random address.
        entries.sort(key=lambda e: (SERVICE_CODES[e[1]][1], -zip_count[e[0]], e[0]))

    counts = {"utilities": len(utilities), "zips": len(by_zip), "pairs": len(best),
              "rows": len(rows)}
    expected = {"utilities": EXPECTED_UTILITIES, "zips": EXPECTED_ZIPS, "pairs": EXPECTED_PAIRS}
    for what, want in expected.items():
        if counts[what] != want:
            fail(f"derived {counts[what]} {what}, the data README says {want}")

    curation_problems = display_names.check_curated(
        display_names.load_curated(), {e: (u[0], u[1]) for e, u in utilities.items()}, zip_count)
    if curation_problems:
        fail("display-name table: " + "; ".join(curation_problems))

    exact_dups = sum(n - 1 for n in collections.Counter(
        (r["zip"], r["eiaid"], r["service"], r["year"]) for r in rows).values() if n > 1)
    notes = {"conflicts": conflicts, "exact_duplicate_rows": exact_dups,
             "multi_utility_zips": sum(1 for e in by_zip.values() if len(e) > 1),
             "max_per_zip": max(len(e) for e in by_zip.values()),
             "service_counts": collections.Counter(best.values())}
    return utilities, by_zip, counts, notes


def render_utilities(utilities, curated):
    display = display_names.display_columns(
        {eiaid: (name, state) for eiaid, (name, state, _) in utilities.items()}, curated)
    return "".join(f"{eiaid}\t{name}\t{state}\t{ownership}\t{display[eiaid][0]}\t{display[eiaid][1]}\n"
                   for eiaid, (name, state, ownership) in sorted(utilities.items()))


def render_zips(by_zip):
    return "".join(
        zip_code + "\t" + ",".join(f"{eiaid}:{SERVICE_CODES[s][0]}" for eiaid, s in by_zip[zip_code]) + "\n"
        for zip_code in sorted(by_zip))


def render_provenance(counts, notes, sizes, curated):
    inputs = "\n".join(
        f"| `{s['file']}` | {s['year']} | {s['covers']} | `{s['sha256']}` |" for s in INPUTS)
    conflicts = "\n".join(
        f"  - eiaid {eiaid}: " + "; ".join(f"{y}: {n} ({o})" for y, n, o in versions)
        for eiaid, versions in notes["conflicts"]) or "  - none"
    services = notes["service_counts"]
    return f"""# Provenance of the utility directory

Generated by `scripts/derive_utilities.py`; do not edit these files by hand.

## Source

NREL, **"U.S. Electric Utility Companies and Rates: Look-up by Zipcode"**,
published on OpenEI (rates derived from EIA Form EIA-861). Two unmodified files:

| file | data year | covers | SHA-256 |
|---|---|---|---|
{inputs}

The script refuses to run if either hash differs.

## Licence

Work of the U.S. Government (NREL for the U.S. Department of Energy, from U.S.
EIA data), published on OpenEI: public domain. Credit: "NREL, U.S. Electric
Utility Companies and Rates: Look-up by Zipcode".

## Regenerate

From the repository root, with the source files in `../shared/data`:

    {REGENERATE}

`python3 scripts/derive_utilities.py --check` verifies the committed files
without writing.

## Files

- `utilities.tsv` ({sizes['utilities.tsv']:,} bytes):
  `eiaid<TAB>name<TAB>state<TAB>ownership<TAB>display_name<TAB>password_reset_url`,
  one line per utility, sorted by eiaid, no header. `name` is the registry
  (legal) name. `state` is the state with
  the most source rows for that utility (ties: the state of its first row).
  `ownership` is as in the source (`Investor Owned`, `Cooperative`, `Municipal`, ...).
  `display_name` and `password_reset_url` are described under "Display names".
- `zips.tsv` ({sizes['zips.tsv']:,} bytes): `zip<TAB>eiaid:T,eiaid:T,...`, one line per
  5-digit zip (left-padded with zeros), sorted by zip, no header. `T` is the
  service type: `B` Bundled, `D` Delivery, `E` Energy. One entry per (zip,
  eiaid): when a utility has several rows for a zip the best type is kept
  (B over D over E). Entries are ordered B, then D, then E; within a type by
  the number of zips the utility serves (most first), then by eiaid. The first
  entry is the one to pre-select.

## Display names

`display_name` is the name a customer knows the utility by; the registry name
stays in `name` as the legal name.

- **Curated** ({len(curated)} utilities): `scripts/utility_display_names.tsv`
  (`eiaid`, `registry_name`, `display_name`, `password_reset_url`, `source`),
  curated by hand by the Utility Connect project from general knowledge of US
  utility brands. The names are the common trading names utilities use with
  their customers ("Con Edison", "PG&E", "ComEd"), with a former name in
  parentheses where a rename or merger came after the source data year
  ("Eversource (formerly NSTAR)"); where no better-known name was certain the
  tidied registry name is used. They are facts about naming, not data from
  the source files, and are not endorsed by the utilities. The `source` column
  says why each name was chosen. The table must cover the {display_names.CURATED_TOP}
  utilities serving the most zip codes in `zips.tsv` (ties at the cut-off
  included); the script refuses to run otherwise, and also if a row's
  `registry_name` differs from the data.
- **Tidied** ({counts['utilities'] - len(curated)} utilities): the registry name
  with trailing legal suffixes removed (`Co`, `Inc`, `Corp`, `Company`, `LLC`,
  `Ltd`, `Incorporated`, `Corporation`; but `Membership Corporation` is kept),
  a leading `The` removed, the state suffix (` - (NC)`, `Co-NY`) removed,
  registry abbreviations spelled out (`Elec` Electric, `Coop`/`Co-op`
  Cooperative, `Assn` Association, `Comm` Commission, `Member Corp`
  Membership Corporation, ...), spelled-out acronyms joined (`E M C` EMC),
  names written all in capitals title-cased except acronyms, spaces
  collapsed. Where two utilities would then share a name, the state is
  appended (`City of Columbus (OH)`).
- `password_reset_url` is the utility's own https password-reset page, taken
  only from the curated table and only where it is known; it is empty
  otherwise ({sum(1 for c in curated.values() if c['password_reset_url'])} filled).

## Counts

- {counts['rows']:,} source rows
- {counts['utilities']:,} utilities (distinct eiaid)
- {counts['zips']:,} zips; {notes['multi_utility_zips']:,} of them list more than one utility (up to {notes['max_per_zip']})
- {counts['pairs']:,} (zip, utility) pairs: {services['Bundled']:,} Bundled, {services['Delivery']:,} Delivery, {services['Energy']:,} Energy
- {notes['exact_duplicate_rows']} source rows are exact duplicates of another row's (zip, eiaid, service type) and collapse

## Caveats

- **Mixed data years.** Investor-owned utilities are as of 2013 (names and
  territories, e.g. NSTAR before its Eversource rename); all other utilities
  are as of 2020.
- An eiaid present in both files takes its name and ownership from the newer
  (2020) file:
{conflicts}
- **Texas ERCOT wires companies are absent** (Oncor, CenterPoint, AEP Texas,
  TNMP), so e.g. Dallas 75201 and Houston 77002 have no entry. Other gaps
  exist where NREL had no mapping.
- **ZIP codes, not ZCTAs**, as of the source years; newer ZIPs are missing.
  A zip can map to several utilities; show the user a choice.
- NREL's mapping is coarse in places, e.g. San Francisco 94103 lists only the
  city's municipal utility, not PG&E.
- Electric utilities only; no gas utilities. The source's rate columns are
  dropped: they are utility-wide annual averages, not tariffs.
"""


def read_existing(name):
    path = os.path.join(OUT_DIR, name)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=None,
                        help="directory with the two NREL CSVs (default: ../shared/data from the repo root)")
    parser.add_argument("--check", action="store_true",
                        help="compare with the files in server/data instead of writing")
    args = parser.parse_args()
    data_dir = args.data_dir or os.path.join(REPO_ROOT, "..", "shared", "data")

    verify_inputs(data_dir)
    utilities, by_zip, counts, notes = derive(data_dir)
    curated = display_names.load_curated()
    outputs = {"utilities.tsv": render_utilities(utilities, curated), "zips.tsv": render_zips(by_zip)}
    sizes = {name: len(text.encode("utf-8")) for name, text in outputs.items()}
    outputs["PROVENANCE.md"] = render_provenance(counts, notes, sizes, curated)

    if args.check:
        stale = [name for name, text in outputs.items() if read_existing(name) != text]
        if stale:
            fail("out of date: " + ", ".join(stale))
        print("server/data is up to date")
        return

    os.makedirs(OUT_DIR, exist_ok=True)
    for name, text in outputs.items():
        # newline="" keeps LF on every platform so the files hash the same everywhere.
        with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    total = sum(sizes.values())
    print(f"{counts['utilities']} utilities, {counts['zips']} zips, {counts['pairs']} pairs; "
          f"utilities.tsv {sizes['utilities.tsv']:,} B, zips.tsv {sizes['zips.tsv']:,} B")
    if total > SIZE_BUDGET:
        print(f"warning: {total:,} bytes exceeds the {SIZE_BUDGET:,}-byte budget", file=sys.stderr)


if __name__ == "__main__":
    main()
